{#
    The files a bronze table already holds, as a list of SQL string literals. Bronze filters
    the landing listing by this literal list: Spark prunes files on
    `_metadata.file_path` literals before reading them, where an anti-join
    would read every landed file on every run.
#}
{% macro ingested_source_files(relation) %}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set result = run_query('select distinct source_file from ' ~ relation) -%}
    {%- set literals = [] -%}
    {%- for path in result.columns[0].values() -%}
        {%- do literals.append(sql_string(path)) -%}
    {%- endfor -%}
    {{ return(literals) }}
{% endmacro %}
