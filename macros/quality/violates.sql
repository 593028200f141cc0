{% macro violates(rule) %}
    {{- 'not coalesce((' ~ rule.condition ~ '), false)' -}}
{% endmacro %}
