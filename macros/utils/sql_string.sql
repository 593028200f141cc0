{# A string as a quoted Spark SQL literal. #}
{% macro sql_string(value) %}
    {{- return("'" ~ (value | string | replace('\\', '\\\\') | replace("'", "\\'")) ~ "'") -}}
{% endmacro %}
