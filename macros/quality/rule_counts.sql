{#
    A map<string, bigint> from each rule's name to the number of rows for
    which `row_matches` (with `{rule}` replaced by the quoted rule name) is
    true. Every rule gets an entry, zero included, so a run log row lists
    the whole rule set that judged it.
#}
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
