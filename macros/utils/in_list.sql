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
