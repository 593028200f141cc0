{#
    round(100 * part / whole, 2) as decimal(5, 2), in exact decimal arithmetic
    (a double would round some halves down); null when whole is 0.
#}
{% macro percentage(part, whole) %}
    cast(round(100 * cast({{ part }} as decimal(20, 0)) / nullif({{ whole }}, 0), 2) as decimal(5, 2))
{%- endmacro %}
