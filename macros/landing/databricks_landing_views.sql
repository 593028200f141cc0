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
