{% macro of_landing_feeds(items) %}
    {%- set selected = items | selectattr('feed', 'in', landing_feeds()) | list -%}
    {%- if not selected -%}
        {{ exceptions.raise_compiler_error(
            "var landing_feeds (" ~ landing_feeds() ~ ") names none of the feeds "
            ~ (items | map(attribute='feed') | list) ~ " of " ~ this.identifier) }}
    {%- endif -%}
    {{ return(selected) }}
{% endmacro %}
