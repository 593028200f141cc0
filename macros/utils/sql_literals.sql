{# A string as a quoted Spark SQL literal. #}
{% macro sql_string(value) %}
    {{- return("'" ~ (value | string | replace('\\', '\\\\') | replace("'", "\\'")) ~ "'") -}}
{% endmacro %}

{#
    `column in (v1, v2, ...)` for a list of SQL literals; `false` for an empty
    list, which Spark would reject as `in ()`.
#}
{% macro in_list(column, literals) %}
    {%- if literals | length == 0 -%}
        {{ return('false') }}
    {%- endif -%}
    {{ return(column ~ ' in (' ~ (literals | join(', ')) ~ ')') }}
{% endmacro %}

{#
    The distinct non-null values of one column of a relation, sorted, as SQL
    literals of the column's type (date'2025-01-03', 42, 'text').
#}
{% macro distinct_values(relation, column) %}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set result = run_query(
        'select distinct cast(' ~ column ~ ' as string) as value, typeof(' ~ column ~ ') as type'
        ~ ' from ' ~ relation ~ ' where ' ~ column ~ ' is not null order by 1'
    ) -%}
    {%- set literals = [] -%}
    {%- for row in result.rows -%}
        {%- if row['type'] in ('date', 'timestamp', 'timestamp_ntz') -%}
            {%- do literals.append(row['type'] ~ "'" ~ row['value'] ~ "'") -%}
        {%- elif row['type'] in ('tinyint', 'smallint', 'int', 'bigint', 'double', 'float') or row['type'].startswith('decimal') -%}
            {%- do literals.append(row['value']) -%}
        {%- else -%}
            {%- do literals.append(sql_string(row['value'])) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(literals) }}
{% endmacro %}

{#
    The invocation's start time as a SQL timestamp (UTC): one value for
    every row a run loads, so rows of one load can be told apart from others.
#}
{% macro run_started_at_timestamp() %}
    {{- return("cast('" ~ run_started_at.strftime('%Y-%m-%d %H:%M:%S.%f') ~ "' as timestamp)") -}}
{% endmacro %}
