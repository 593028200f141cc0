{% macro dropped_by_expectations(expectations) %}
    {%- set drop_rules = expectations_with_action(expectations, 'drop') -%}
    {%- if drop_rules | length == 0 -%}
        {{- 'cast(null as string)' -}}
    {%- else -%}
        case
        {%- for rule in drop_rules %}
            when {{ violates(rule) }} then {{ sql_string(rule.name) }}
        {%- endfor %}
        end
    {%- endif -%}
{% endmacro %}
