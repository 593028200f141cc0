{% macro same_keys(keys, left, right) %}
    {%- set conditions = [] -%}
    {%- for key in keys -%}
        {%- do conditions.append(left ~ '.' ~ key ~ ' <=> ' ~ right ~ '.' ~ key) -%}
    {%- endfor -%}
    {{- conditions | join(' and ') -}}
{%- endmacro %}
