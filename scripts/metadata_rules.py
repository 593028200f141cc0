"""dbt-score rules of this project, on top of dbt-score's own (see pyproject.toml).

dbt-score scores what the manifest says, so `make lint` needs only `dbt parse`
(no Spark). With `fail_any_item_under = 10` every rule below holds for every
model, source, snapshot, seed, exposure and macro of the project: one miss
fails the lint and names the item.
"""

from dbt_score import Exposure, Model, RuleViolation, Snapshot, Source, rule


def _undescribed(columns) -> list[str]:
    return [column.name for column in columns if not (column.description or "").strip()]


@rule
def model_has_data_test(model: Model) -> RuleViolation | None:
    """A model has at least one data test, on itself or on a column."""
    if not model.tests and not any(column.tests for column in model.columns):
        return RuleViolation(message="Model has no data test.")
    return None


@rule
def model_declares_columns(model: Model) -> RuleViolation | None:
    """A model lists its columns in YAML, so each can be described."""
    if not model.columns:
        return RuleViolation(message="Model declares no column.")
    return None


@rule
def source_has_description(source: Source) -> RuleViolation | None:
    """A source table and its source are described."""
    if not (source.description or "").strip():
        return RuleViolation(message="Source table lacks a description.")
    if not (source.source_description or "").strip():
        return RuleViolation(message="Source lacks a description.")
    return None


@rule
def source_columns_have_description(source: Source) -> RuleViolation | None:
    """All declared columns of a source table are described."""
    missing = _undescribed(source.columns)
    if missing:
        return RuleViolation(message=f"Columns lack a description: {', '.join(missing)}.")
    return None


@rule
def snapshot_has_description(snapshot: Snapshot) -> RuleViolation | None:
    """A snapshot is described."""
    if not (snapshot.description or "").strip():
        return RuleViolation(message="Snapshot lacks a description.")
    return None


@rule
def snapshot_columns_have_description(snapshot: Snapshot) -> RuleViolation | None:
    """All declared columns of a snapshot are described."""
    missing = _undescribed(snapshot.columns)
    if missing:
        return RuleViolation(message=f"Columns lack a description: {', '.join(missing)}.")
    return None


@rule
def exposure_has_description_and_parents(exposure: Exposure) -> RuleViolation | None:
    """An exposure is described and names the models it reads."""
    if not (exposure.description or "").strip():
        return RuleViolation(message="Exposure lacks a description.")
    if not exposure.depends_on.get("nodes"):
        return RuleViolation(message="Exposure depends on no model.")
    return None


@rule
def silver_and_gold_models_enforce_a_contract(model: Model) -> RuleViolation | None:
    """A silver or gold model enforces its contract: every column typed, checked before each write."""
    if not model.original_file_path.startswith(("models/silver/", "models/gold/")):
        return None
    if not (model.config.get("contract") or {}).get("enforced"):
        return RuleViolation(message="Silver and gold models enforce a contract (config contract: enforced: true).")
    untyped = [column.name for column in model.columns if not column.data_type]
    if untyped:
        return RuleViolation(message=f"Columns lack a data_type: {', '.join(untyped)}.")
    return None


if __name__ == "__main__":
    # rules dbt-score loads (pyproject.toml, [tool.dbt-score]); it answers --help and runs nothing
    import argparse

    parser = argparse.ArgumentParser(
        description=(__doc__ or "").splitlines()[0],
        epilog="dbt-score loads these rules: run `make lint`, or `.venv/bin/dbt-score lint` after `dbt parse`.",
    )
    parser.parse_args()
    parser.print_help()
