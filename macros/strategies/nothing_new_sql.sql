{% macro nothing_new_sql(target) %}
    select 'nothing new: ' || {{ sql_string(target.identifier) }} || ' not written' as skipped
{% endmacro %}
