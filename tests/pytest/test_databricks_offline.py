"""The `databricks` target, without a workspace: it parses, every macro that
differs there dispatches to its Databricks implementation, and the SQL that
renders without a connection says what it must.

dbt-databricks renders this project's SQL in a real `dbt compile --inline`
(no connection opens: nothing queries the workspace). Statements whose text
depends on the workspace's runtime version (dbt-databricks' replace where and
merge ask the connection which clauses it supports) are checked for the
macro they dispatch to, not for their text.
"""

from __future__ import annotations

import os
import re
import subprocess

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


def dbt(tmp_path, *args: str, landing: str = "/Volumes/main/lh/files/landing") -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(REPO / ".venv" / "bin" / "dbt"), *args, "--project-dir", str(REPO), "--profiles-dir", str(REPO),
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
    source = "read_files('/Volumes/main/lh/files/landing/events', recursiveFileLookup => true, " + glob
    assert statements == [
        f"create or replace view lh_landing.events as select value, _metadata from {source},"
        " format => 'text', wholeText => true)",
        f"create or replace view lh_landing.events_files as select path, modificationTime, length from {source},"
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
