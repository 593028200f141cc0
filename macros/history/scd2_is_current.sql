{% macro scd2_is_current(valid_to, current_valid_to=none) %}
    {%- if current_valid_to -%}
        ({{ valid_to }} is null or {{ valid_to }} = {{ current_valid_to }})
    {%- else -%}
        {{ valid_to }} is null
    {%- endif -%}
{%- endmacro %}

{# Null-safe equality of the key columns of two aliases, as one condition. #}
