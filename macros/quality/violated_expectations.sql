{% macro violated_expectations(expectations, action) %}
    {%- set rules = expectations_with_action(expectations, action) -%}
    {%- if rules | length == 0 -%}
        {{- 'cast(array() as array<string>)' -}}
    {%- else -%}
        filter(
            array(
            {%- for rule in rules %}
                case when {{ violates(rule) }} then {{ sql_string(rule.name) }} end{{ ',' if not loop.last }}
            {%- endfor %}
            ),
            rule_name -> rule_name is not null
        )
    {%- endif -%}
{% endmacro %}
