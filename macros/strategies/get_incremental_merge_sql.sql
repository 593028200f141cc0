{% macro databricks__get_incremental_merge_sql(arg_dict) %}
    {{ return(dbt.databricks__get_incremental_merge_sql(arg_dict) if has_new_input()
        else nothing_new_sql(arg_dict['target_relation'])) }}
{% endmacro %}
