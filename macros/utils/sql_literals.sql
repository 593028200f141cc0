{# A string as a quoted Spark SQL literal. #}
{% macro sql_string(value) %}
    {{- return("'" ~ (value | string | replace('\\', '\\\\') | replace("'", "\\'")) ~ "'") -}}
{% endmacro %}

{# A Python value returned by run_query (date, datetime, number, string) as a Spark SQL literal. #}
{% macro sql_literal(value) %}
    {%- if value is none -%}
        {{ return('null') }}
    {%- elif value is number -%}
        {{ return(value | string) }}
    {%- elif value.__class__.__name__ == 'date' -%}
        {{ return("date'" ~ value.isoformat() ~ "'") }}
    {%- elif value.__class__.__name__ == 'datetime' -%}
        {{ return("timestamp'" ~ value.strftime('%Y-%m-%d %H:%M:%S.%f') ~ "'") }}
    {%- else -%}
        {{ return(sql_string(value)) }}
    {%- endif -%}
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

{# The distinct values of one column of a relation, as SQL literals, sorted. #}
{% macro distinct_values(relation, column) %}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set result = run_query('select distinct ' ~ column ~ ' from ' ~ relation ~ ' where ' ~ column ~ ' is not null order by 1') -%}
    {%- set literals = [] -%}
    {%- for value in result.columns[0].values() -%}
        {%- do literals.append(sql_literal(value)) -%}
    {%- endfor -%}
    {{ return(literals) }}
{% endmacro %}
