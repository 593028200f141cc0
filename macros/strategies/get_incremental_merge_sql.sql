{#
    dbt-databricks builds incremental models with its own materialization,
    which never calls dbt_spark_get_incremental_sql above: these give its
    built-in strategies the same rule (no new input, no write, no commit) and
    hand everything else to the adapter. The custom strategies reach
    Databricks through get_incremental_<name>_sql, which skip by themselves.
#}
{% macro databricks__get_incremental_merge_sql(arg_dict) %}
    {{ return(dbt.databricks__get_incremental_merge_sql(arg_dict) if has_new_input()
        else nothing_new_sql(arg_dict['target_relation'])) }}
{% endmacro %}
