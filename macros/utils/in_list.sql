{% macro in_list(column, literals) %}
    {%- if literals | length == 0 -%}
        {{ return('false') }}
    {%- endif -%}
    {{ return(column ~ ' in (' ~ (literals | join(', ')) ~ ')') }}
{% endmacro %}
