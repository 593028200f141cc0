{% macro register_landing_tables() %}
    {{ return(adapter.dispatch('register_landing_tables', 'lakehouse_events')()) }}
{% endmacro %}

{#
    Spark and a Thrift server read the landing folder through an external text
    table. Reading a catalog table (unlike a path) treats a missing folder as
    empty, and Spark's file listing already skips names starting with `_` or
    `.` (files still being written), as the landing contract requires.
    `wholetext` gives one row per file so bronze can number its lines.
    Re-registered on every invocation so LANDING_DIR may change between runs.
#}
{% macro spark__register_landing_tables() %}
    {%- if execute -%}
        {%- set schema = landing_schema() -%}
        {%- set landing_root = absolute_path(var('landing_dir')) -%}
        {%- do run_query('create schema if not exists ' ~ schema) -%}
        {%- for feed in var('landing_feeds') -%}
            {%- do run_query('drop table if exists ' ~ schema ~ '.' ~ feed) -%}
            {%- do run_query(
                'create table ' ~ schema ~ '.' ~ feed ~ ' (value string) using text options ('
                ~ "wholetext 'true', recursiveFileLookup 'true', "
                ~ "pathGlobFilter '*.{jsonl,json,jsonl.gz,json.gz}') "
                ~ 'location ' ~ sql_string(landing_root ~ '/' ~ feed)
            ) -%}
        {%- endfor -%}
    {%- endif -%}
    {#- the hook itself must run a statement; the work is done above -#}
    select 1 as landing_tables_registered
{% endmacro %}

{#
    Databricks reads landing files with read_files() or Auto Loader; the
    external table above is the OSS-Spark equivalent, so nothing is registered.
#}
{% macro databricks__register_landing_tables() %}
    select 1 as landing_tables_not_needed
{% endmacro %}

{% macro landing_schema() %}
    {{ return(target.schema ~ '_landing') }}
{% endmacro %}

{#
    A relative path made absolute against the Spark driver's working
    directory (for method: session, the directory dbt runs in): Spark would
    otherwise resolve a relative table location inside the warehouse.
#}
{% macro absolute_path(path) %}
    {%- if path.startswith('/') or '://' in path -%}
        {{ return(path.rstrip('/')) }}
    {%- endif -%}
    {%- set cwd = run_query("select reflect('java.lang.System', 'getProperty', 'user.dir')").columns[0].values()[0] -%}
    {{ return(cwd ~ '/' ~ path.rstrip('/')) }}
{% endmacro %}
