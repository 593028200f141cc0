{% macro latest_non_null(column, order_by='updated_at') %}
    max_by({{ column }}, {{ order_by }}) filter (where {{ column }} is not null)
{%- endmacro %}
