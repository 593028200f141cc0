{% macro landing_feeds() %}
    {%- set chosen = var('landing_feeds', none) -%}
    {%- if chosen is none -%}
        {{ return(declared_feeds()) }}
    {%- endif -%}
    {%- set unknown = chosen | reject('in', declared_feeds()) | list -%}
    {%- if unknown -%}
        {{ exceptions.raise_compiler_error(
            "var landing_feeds names feeds that are not declared in var `feeds`: " ~ unknown | join(', ')) }}
    {%- endif -%}
    {{ return(chosen) }}
{% endmacro %}
