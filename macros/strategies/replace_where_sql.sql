{% macro replace_where_sql(target, source, condition) %}
    {{ return(adapter.dispatch('replace_where_sql', 'lakehouse_events')(target, source, condition)) }}
{% endmacro %}

{% macro default__replace_where_sql(target, source, condition) %}
    {%- set dest_columns = adapter.get_columns_in_relation(target) | map(attribute='quoted') | join(', ') -%}
    insert into {{ target }}
    replace where {{ condition }}
    select {{ dest_columns }} from {{ source }}
{% endmacro %}

{# Databricks: dbt-databricks' own `replace_where` strategy writes the statement. #}
{% macro databricks__replace_where_sql(target, source, condition) %}
    {{ return(get_replace_where_sql({
        'target_relation': target,
        'temp_relation': source,
        'incremental_predicates': [condition],
    })) }}
{% endmacro %}
