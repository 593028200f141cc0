{% macro spark__list_relations_without_caching(relation) %}
    {%- set listing = dbt.spark__list_relations_without_caching(relation) -%}
    {%- if flags.WHICH != 'generate' -%}
        {{ return(listing) }}
    {%- endif -%}
    {%- set rows = [] -%}
    {%- for row in listing.rows -%}
        {%- set information = row[3] -%}
        {%- if 'Provider: delta' in information and 'Schema: root' not in information -%}
            {%- set columns = run_query('describe table ' ~ row[0] ~ '.' ~ row[1]) -%}
            {%- set schema_lines = ['Schema: root'] -%}
            {#- describe lists the columns, then a blank row and partition details -#}
            {%- set reading = namespace(columns=true) -%}
            {%- for column in columns.rows -%}
                {%- if column[0] == '' or column[0].startswith('#') -%}
                    {%- set reading.columns = false -%}
                {%- endif -%}
                {%- if reading.columns -%}
                    {%- do schema_lines.append(' |-- ' ~ column[0] ~ ': ' ~ column[1] ~ ' (nullable = true)') -%}
                {%- endif -%}
            {%- endfor -%}
            {%- set information = information ~ '\n' ~ (schema_lines | join('\n')) ~ '\n' -%}
        {%- endif -%}
        {%- do rows.append('(' ~ sql_string(row[0]) ~ ', ' ~ sql_string(row[1]) ~ ', '
            ~ (row[2] | string | lower) ~ ', ' ~ sql_string(information) ~ ')') -%}
    {%- endfor -%}
    {%- if rows | length == 0 -%}
        {{ return(listing) }}
    {%- endif -%}
    {{ return(run_query(
        'select * from values ' ~ (rows | join(', '))
        ~ ' as listing(namespace, tableName, isTemporary, information)'
    )) }}
{% endmacro %}

{#
    Databricks: Unity Catalog's listing already carries every column, so the
    adapter's own macro stands (without this, the spark__ override above
    would outrank it).
#}
{% macro databricks__list_relations_without_caching(schema_relation) %}
    {{ return(dbt.databricks__list_relations_without_caching(schema_relation)) }}
{% endmacro %}
