{#
    Aggregate expression: the value of `column` in the latest row (by
    `order_by`) where it is not null. A current state built from partial
    change records takes each field from the last change that set it.
#}
{% macro latest_non_null(column, order_by='updated_at') %}
    max_by({{ column }}, {{ order_by }}) filter (where {{ column }} is not null)
{%- endmacro %}
