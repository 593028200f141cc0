{% macro rule_counts(rules, row_matches) %}
    {%- if rules | length == 0 -%}
        {{- 'cast(map() as map<string, bigint>)' -}}
    {%- else -%}
        map(
        {%- for rule in rules %}
            {{ sql_string(rule.name) }}, count_if({{ row_matches | replace('{rule}', sql_string(rule.name)) }}){{ ',' if not loop.last }}
        {%- endfor %}
        )
    {%- endif -%}
{% endmacro %}
