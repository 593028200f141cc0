{% macro late_threshold_seconds() %}
    {%- set minutes = var('late_threshold_minutes', 10) -%}
    {%- if minutes is string -%}
        {%- set minutes = minutes | float(-1) -%}
    {%- endif -%}
    {%- if minutes is not number or minutes < 0 -%}
        {{ exceptions.raise_compiler_error(
            "var late_threshold_minutes must be a non-negative number of minutes, got '"
            ~ var('late_threshold_minutes') ~ "'") }}
    {%- endif -%}
    {{ return((minutes * 60) | string) }}
{% endmacro %}
