{% macro percentage(part, whole) %}
    cast(round(100 * cast({{ part }} as decimal(20, 0)) / nullif({{ whole }}, 0), 2) as decimal(5, 2))
{%- endmacro %}
