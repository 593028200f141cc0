{% macro databricks__get_incremental_insert_overwrite_sql(arg_dict) %}
    {{ return(dbt.default__get_incremental_insert_overwrite_sql(arg_dict) if has_new_input()
        else nothing_new_sql(arg_dict['target_relation'])) }}
{% endmacro %}
