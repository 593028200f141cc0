"""The `databricks` target, without a workspace: it parses, every macro that
differs there dispatches to its Databricks implementation, and the SQL that
renders without a connection says what it must.

dbt-databricks renders this project's SQL in a real `dbt compile --inline`
(no connection opens: nothing queries the workspace). The replace-where and
merge statements ask the connection (the runtime's capabilities, the target's
columns), so they are rendered while dbt parses instead, where dbt-databricks
answers those questions without a workspace (capabilities present, no
columns, model config empty): their shape is checked there, and the merge's
`matched_condition` is checked in the parsed models' config, where the
adapter's merge reads it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import REPO

# macro (and its dispatch namespace) -> the implementation Databricks must get
DISPATCHED = {
    ("register_landing_tables", "lakehouse_events"): "lakehouse_events.databricks__register_landing_tables",
    ("validated_window", "lakehouse_events"): "lakehouse_events.databricks__validated_window",
    ("replace_where_sql", "lakehouse_events"): "lakehouse_events.databricks__replace_where_sql",
    ("get_merge_sql", "dbt"): "lakehouse_events.databricks__get_merge_sql",
    ("list_relations_without_caching", "dbt"): "lakehouse_events.databricks__list_relations_without_caching",
    ("get_incremental_merge_sql", "dbt"): "lakehouse_events.databricks__get_incremental_merge_sql",
    ("get_incremental_append_sql", "dbt"): "lakehouse_events.databricks__get_incremental_append_sql",
    ("get_incremental_insert_overwrite_sql", "dbt"):
        "lakehouse_events.databricks__get_incremental_insert_overwrite_sql",
}

INLINE = """
{%- set target_table = api.Relation.create(database='main', schema='lh_silver', identifier='silver_events') -%}
{%- for name, namespace in DISPATCHED %}
dispatch {{ name }} -> {{ adapter.dispatch(name, namespace).macro.package_name }}.{{
    adapter.dispatch(name, namespace).macro.name }}
{%- endfor %}
{% for statement in databricks_landing_views('events') %}
landing: {{ statement }}
{%- endfor %}
window: {{ validated_window(target_table, none) }}
nothing new: {{ nothing_new_sql(target_table) | trim }}
strategy: {{ dbt_databricks_validate_get_incremental_strategy('replace_partitions', 'delta') }}
strategy: {{ dbt_databricks_validate_get_incremental_strategy('replace_keys', 'delta') }}
"""


def databricks_env(tmp_path, landing: str) -> dict[str, str]:
    return {**os.environ, "DBT_TARGET": "databricks", "DATABRICKS_HOST": "example.cloud.databricks.com",
            "DATABRICKS_HTTP_PATH": "/sql/1.0/warehouses/offline", "DATABRICKS_TOKEN": "not-a-token",
            "LAKEHOUSE_DIR": str(tmp_path), "LANDING_DIR": landing, "LAKEHOUSE_SCHEMA": "lh"}


# rendered while dbt parses (an analysis's log lines): connection-free answers
PARSE_TIME_ANALYSIS = """
{%- set target_table = api.Relation.create(database='main', schema='lh_silver', identifier='silver_events') -%}
{%- set source_table = api.Relation.create(database='main', schema='lh_silver', identifier='silver_events__dbt_tmp') -%}
{{ log('<replace_where>' ~ replace_where_sql(target_table, source_table, "event_date in ('2025-01-01')")
       ~ '</replace_where>', info=True) }}
{{ log('<merge>' ~ get_merge_sql(target_table, source_table, 'event_id', [], none) ~ '</merge>', info=True) }}
select 1
"""


def dbt(tmp_path, *args: str, landing: str = "/Volumes/main/lh/files/landing",
        project: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(REPO / ".venv" / "bin" / "dbt"), *args, "--project-dir", str(project), "--profiles-dir", str(REPO),
         "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")],
        env=databricks_env(tmp_path, landing), capture_output=True, text=True, timeout=300, cwd=REPO)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> str:
    tmp_path = tmp_path_factory.mktemp("databricks")
    inline = INLINE.replace("DISPATCHED", repr([list(key) for key in DISPATCHED]))
    result = dbt(tmp_path, "compile", "--quiet", "--no-populate-cache", "--no-introspect", "--inline", inline)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_the_databricks_target_parses_without_a_workspace(tmp_path):
    result = dbt(tmp_path, "parse")
    assert result.returncode == 0, result.stdout[-3000:]
    assert "Registered adapter: databricks=" in result.stdout


def test_every_macro_that_differs_dispatches_to_its_databricks_implementation(rendered):
    resolved = dict(re.findall(r"^dispatch (\w+) -> ([\w.]+)$", rendered, re.MULTILINE))
    assert resolved == {name: implementation for (name, _), implementation in DISPATCHED.items()}


def test_landing_feeds_are_read_files_views_on_the_volume(rendered):
    statements = re.findall(r"^landing: (.*)$", rendered, re.MULTILINE)
    glob = "pathGlobFilter => '*.{jsonl,json,jsonl.gz,json.gz}'"
    source = ("read_files('/Volumes/main/lh/files/landing/events', recursiveFileLookup => true, " + glob
              + ", ignoreCorruptFiles => true, ignoreMissingFiles => true")
    assert statements == [
        f"create or replace view lh_landing.events as select value, _metadata from {source},"
        " format => 'text', lineSep => '\\n')",
        f"create or replace view lh_landing.events_files as select path, modificationTime, length, content"
        f" from {source},"
        " format => 'binaryFile')",
    ]


def test_windows_read_the_view_and_empty_runs_write_nothing(rendered):
    assert "window: `main`.`lh_silver`.`silver_events`" in rendered
    assert "nothing new: select 'nothing new: ' || 'silver_events' || ' not written' as skipped" in rendered


def test_the_custom_strategies_are_accepted(rendered):
    assert re.findall(r"^strategy: (\w+)$", rendered, re.MULTILINE) == ["replace_partitions", "replace_keys"]


def test_a_relative_landing_dir_is_a_clear_error(tmp_path):
    result = dbt(tmp_path, "compile", "--quiet", "--no-populate-cache", "--no-introspect",
                 "--inline", "{{ databricks_landing_views('events') }}", landing="landing")
    assert result.returncode != 0
    assert "LANDING_DIR must be an absolute path such as /Volumes/" in result.stdout + result.stderr


@pytest.fixture(scope="module")
def parsed(tmp_path_factory) -> tuple[str, dict]:
    """`dbt parse` of the project plus one analysis that logs the two statements."""
    tmp_path = tmp_path_factory.mktemp("databricks_parse")
    project = tmp_path / "project"
    (project / "analyses").mkdir(parents=True)
    for folder in ("models", "macros", "snapshots", "tests", "seeds"):
        if (REPO / folder).exists():
            (project / folder).symlink_to(REPO / folder)
    (project / "dbt_project.yml").write_text((REPO / "dbt_project.yml").read_text())
    (project / "analyses" / "databricks_statements.sql").write_text(PARSE_TIME_ANALYSIS)
    result = dbt(tmp_path, "parse", "--no-partial-parse", project=project)
    assert result.returncode == 0, result.stdout[-3000:]
    manifest = json.loads((tmp_path / "target" / "manifest.json").read_text())
    return result.stdout, manifest


def statement(log: str, tag: str) -> str:
    found = re.search(rf"<{tag}>(.*?)</{tag}>", log, re.DOTALL)
    assert found, f"no <{tag}> statement in the parse log"
    return " ".join(found.group(1).split())


def test_replace_where_is_databricks_insert_replace_where(parsed):
    log, _ = parsed
    assert statement(log, "replace_where") == (
        "INSERT INTO `main`.`lh_silver`.`silver_events` BY NAME REPLACE WHERE event_date in ('2025-01-01') "
        "TABLE `main`.`lh_silver`.`silver_events__dbt_tmp`")


def test_merge_is_the_adapters_merge_on_the_unique_key(parsed):
    log, _ = parsed
    merge = statement(log, "merge")
    # parse-time config is empty, so the aliases (config `target_alias`, `source_alias`) render blank
    assert ("merge into `main`.`lh_silver`.`silver_events` as using "
                            "`main`.`lh_silver`.`silver_events__dbt_tmp` as on .`event_id` <=> .`event_id`") in merge
    assert "when matched then update set *" in merge
    assert merge.endswith("when not matched then insert *")


def test_merged_models_carry_the_newer_version_guard_for_the_adapter(parsed):
    _, manifest = parsed
    guarded = {node["name"]: " ".join(node["config"]["matched_condition"].split())
               for node in manifest["nodes"].values()
               if node["resource_type"] == "model" and node["config"].get("matched_condition")}
    assert set(guarded) == {"silver_events", "silver_sales", "silver_neows", "silver_orders_changes",
                            "silver_customers_changes", "silver_products_changes", "silver_stores_changes"}
    for name, condition in guarded.items():
        assert condition.startswith("(DBT_INTERNAL_SOURCE.ingest_time > DBT_INTERNAL_DEST.ingest_time"), name
        assert "DBT_INTERNAL_SOURCE.record_hash > DBT_INTERNAL_DEST.record_hash" in condition, name
