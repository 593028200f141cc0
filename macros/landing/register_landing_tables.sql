{% macro register_landing_tables() %}
    {{ return(adapter.dispatch('register_landing_tables', 'lakehouse_events')()) }}
{% endmacro %}

{#
    Spark and a Thrift server read the landing folder through external
    tables, two per feed: `<feed>` (text, one row per line of every file,
    gzip decompressed) and `<feed>_files` (binaryFile: one row per file with
    its path, size and time, listed without reading content, which is how
    bronze finds the files it has not read yet and the file ledger the
    first bytes of a file it could not read). Both skip a file they cannot
    read instead of failing (`ignoreCorruptFiles`, `ignoreMissingFiles`):
    a truncated gzip yields the lines before the cut, and the file ledger
    records every file that yielded less than it holds. Lines are split on
    `\n` only (a CR before it is stripped by bronze), as producers write
    them. Reading a catalog table (unlike a path) treats a missing folder as
    empty, and Spark's file listing already skips names starting with `_`
    or `.` (files still being written), as the landing contract requires.
    The tables are registered again whenever the schema or LANDING_DIR
    changes; a warm runner, which keeps its session, registers them once.
#}
{% macro spark__register_landing_tables() %}
    {%- if execute -%}
        {%- set schema = landing_schema() -%}
        {%- set landing_root = absolute_path(var('landing_dir')) -%}
        {%- set registered = session_memo().setdefault('registered_landing_tables', []) -%}
        {%- set wanted = [] -%}
        {%- for feed in landing_feeds() -%}
            {%- do wanted.append(schema ~ '.' ~ feed ~ ' at ' ~ landing_root ~ '/' ~ feed) -%}
        {%- endfor -%}
        {%- if wanted | reject('in', registered) | list -%}
            {%- do run_query('create schema if not exists ' ~ schema) -%}
            {%- for feed in landing_feeds() -%}
                {%- set options = landing_read_options() -%}
                {%- set location = sql_string(landing_root ~ '/' ~ feed) -%}
                {%- for table, format_options in [
                    (feed, "using text options (lineSep '\\n', " ~ options ~ ')'),
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
            {%- for feed in landing_feeds() -%}
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
        {%- for feed in landing_feeds() -%}
            {%- for statement in databricks_landing_views(feed) -%}
                {%- do run_query(statement) -%}
            {%- endfor -%}
        {%- endfor -%}
    {%- endif -%}
    select 1 as landing_tables_registered
{% endmacro %}
