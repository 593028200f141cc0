{% macro databricks__get_incremental_append_sql(arg_dict) %}
    {{ return(dbt.databricks__get_incremental_append_sql(arg_dict) if has_new_input()
        else nothing_new_sql(arg_dict['target_relation'])) }}
{% endmacro %}
