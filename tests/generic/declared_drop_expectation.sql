{#
    Fails for every value of `column_name` that is not the name of a drop
    expectation of `model_name` (as declared, with overrides applied): a
    quarantine reason must always name the rule that removed the row.
#}
{% test declared_drop_expectation(model, column_name, model_name) %}

{%- set drop_rules = expectations_with_action(declared_expectations(model_name), 'drop') -%}
{%- set rule_names = [] -%}
{%- for rule in drop_rules -%}
    {%- do rule_names.append(sql_string(rule.name)) -%}
{%- endfor %}

select
    {{ column_name }} as undeclared_reason,
    count(*) as occurrences
from {{ model }}
where
    {{ column_name }} is not null
    and not {{ in_list(column_name, rule_names) }}
group by {{ column_name }}

{% endtest %}
