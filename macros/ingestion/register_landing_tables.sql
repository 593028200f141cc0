{% macro register_landing_tables() %}
    {{ return(adapter.dispatch('register_landing_tables', 'lakehouse_events')()) }}
{% endmacro %}

{#
    Spark and a Thrift server read the landing folder through external
    tables, two per feed: `<feed>` (text, `wholetext`: one row per file, so
    bronze can number its lines) and `<feed>_files` (binaryFile: one row per
    file with its path, size and time, listed without reading content, which
    is how bronze finds the files it has not read yet). Reading a catalog
    table (unlike a path) treats a missing folder as empty, and Spark's file
    listing already skips names starting with `_` or `.` (files still being
    written), as the landing contract requires. The tables are registered
    again whenever the schema or LANDING_DIR changes; a warm runner, which
    keeps its session, registers them once.
#}
{% macro spark__register_landing_tables() %}
    {%- if execute -%}
        {%- set schema = landing_schema() -%}
        {%- set landing_root = absolute_path(var('landing_dir')) -%}
        {%- set registered = session_memo().setdefault('registered_landing_tables', []) -%}
        {%- set wanted = [] -%}
        {%- for feed in var('landing_feeds') -%}
            {%- do wanted.append(schema ~ '.' ~ feed ~ ' at ' ~ landing_root ~ '/' ~ feed) -%}
        {%- endfor -%}
        {%- if wanted | reject('in', registered) | list -%}
            {%- do run_query('create schema if not exists ' ~ schema) -%}
            {%- for feed in var('landing_feeds') -%}
                {%- set options = "recursiveFileLookup 'true', pathGlobFilter " ~ sql_string(landing_file_glob()) -%}
                {%- set location = sql_string(landing_root ~ '/' ~ feed) -%}
                {%- for table, format_options in [
                    (feed, "using text options (wholetext 'true', " ~ options ~ ')'),
                    (feed ~ '_files', 'using binaryFile options (' ~ options ~ ')'),
                ] -%}
                    {%- do run_query('drop table if exists ' ~ schema ~ '.' ~ table) -%}
                    {%- do run_query(
                        'create table ' ~ schema ~ '.' ~ table
                        ~ (' (value string) ' if table == feed else ' ')
                        ~ format_options ~ ' location ' ~ location
                    ) -%}
                {%- endfor -%}
            {%- endfor -%}
            {%- do registered.clear() -%}
            {%- do registered.extend(wanted) -%}
        {%- else -%}
            {#- Spark caches a table's file listing within a session: list again -#}
            {%- for feed in var('landing_feeds') -%}
                {%- do run_query('refresh table ' ~ schema ~ '.' ~ feed) -%}
                {%- do run_query('refresh table ' ~ schema ~ '.' ~ feed ~ '_files') -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endif -%}
    {#- the hook itself must run a statement; the work is done above -#}
    select 1 as landing_tables_registered
{% endmacro %}

{#
    Databricks: files on a Unity Catalog volume (LANDING_DIR such as
    /Volumes/<catalog>/<schema>/<volume>/landing), read with `read_files`.
    Two views per feed give bronze the same two relations as on Spark: the
    files' text with their `_metadata`, and the listing of paths. A view
    lists the folder each time it is read, so nothing needs refreshing.
#}
{% macro databricks__register_landing_tables() %}
    {%- if execute -%}
        {%- do run_query('create schema if not exists ' ~ landing_schema()) -%}
        {%- for feed in var('landing_feeds') -%}
            {%- for statement in databricks_landing_views(feed) -%}
                {%- do run_query(statement) -%}
            {%- endfor -%}
        {%- endfor -%}
    {%- endif -%}
    select 1 as landing_tables_registered
{% endmacro %}

{# The two `create view` statements of one feed on Databricks (see above). #}
{% macro databricks_landing_views(feed) %}
    {%- set root = var('landing_dir').rstrip('/') -%}
    {%- if not (root.startswith('/') or '://' in root) -%}
        {{ exceptions.raise_compiler_error(
            "On Databricks, LANDING_DIR must be an absolute path such as /Volumes/<catalog>/<schema>/<volume>/landing;"
            ~ " got '" ~ root ~ "'") }}
    {%- endif -%}
    {%- set files = "read_files(" ~ sql_string(root ~ '/' ~ feed) ~ ", recursiveFileLookup => true, pathGlobFilter => "
        ~ sql_string(landing_file_glob()) -%}
    {{ return([
        'create or replace view ' ~ landing_schema() ~ '.' ~ feed ~ ' as select value, _metadata from '
            ~ files ~ ", format => 'text', wholeText => true)",
        'create or replace view ' ~ landing_schema() ~ '.' ~ feed ~ '_files as select path, modificationTime, length from '
            ~ files ~ ", format => 'binaryFile')",
    ]) }}
{% endmacro %}

{# The names a landed file may have (the landing contract): what both runtimes list. #}
{% macro landing_file_glob() %}
    {{ return('*.{jsonl,json,jsonl.gz,json.gz}') }}
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
