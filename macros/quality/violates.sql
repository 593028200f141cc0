{# True when a row breaks the rule: its condition is false or null. #}
{% macro violates(rule) %}
    {{- 'not coalesce((' ~ rule.condition ~ '), false)' -}}
{% endmacro %}
