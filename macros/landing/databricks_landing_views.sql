{% macro databricks_landing_views(feed) %}
    {%- set root = var('landing_dir').rstrip('/') -%}
    {%- if not (root.startswith('/') or '://' in root) -%}
        {{ exceptions.raise_compiler_error(
            "On Databricks, LANDING_DIR must be an absolute path such as /Volumes/<catalog>/<schema>/<volume>/landing;"
            ~ " got '" ~ root ~ "'") }}
    {%- endif -%}
    {#- as on Spark (landing_read_options): what cannot be read is skipped and the file ledger records it -#}
    {%- set files = "read_files(" ~ sql_string(root ~ '/' ~ feed) ~ ", recursiveFileLookup => true, pathGlobFilter => "
        ~ sql_string(landing_file_glob()) ~ ", ignoreCorruptFiles => true, ignoreMissingFiles => true" -%}
    {{ return([
        'create or replace view ' ~ landing_schema() ~ '.' ~ feed ~ ' as select value, _metadata from '
            ~ files ~ ", format => 'text', lineSep => '\\n')",
        'create or replace view ' ~ landing_schema() ~ '.' ~ feed ~ '_files as select path, modificationTime, length, content from '
            ~ files ~ ", format => 'binaryFile')",
    ]) }}
{% endmacro %}
