{# What an incremental model runs when it has no new input: a statement that reads and writes nothing. #}
{% macro nothing_new_sql(target) %}
    select 'nothing new: ' || {{ sql_string(target.identifier) }} || ' not written' as skipped
{% endmacro %}
