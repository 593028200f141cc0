{#
    SQL condition true for a current SCD2 row: its end is null, or equals
    the far-future value a snapshot gives current rows (`current_valid_to`).
#}
{% macro scd2_is_current(valid_to, current_valid_to=none) %}
    {%- if current_valid_to -%}
        ({{ valid_to }} is null or {{ valid_to }} = {{ current_valid_to }})
    {%- else -%}
        {{ valid_to }} is null
    {%- endif -%}
{%- endmacro %}

{# Null-safe equality of the key columns of two aliases, as one condition. #}
