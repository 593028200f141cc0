{% macro loaded_after(column, checkpoint) %}
    {{- column ~ ' > ' ~ checkpoint if checkpoint else 'true' -}}
{% endmacro %}
