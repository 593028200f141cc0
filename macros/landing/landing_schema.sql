{% macro landing_schema() %}
    {{ return(target.schema ~ '_landing') }}
{% endmacro %}
