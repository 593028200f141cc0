{% macro databricks__get_incremental_merge_sql(arg_dict) %}
    {%- set reprocess = reprocess_sql(arg_dict['target_relation'], arg_dict['temp_relation']) -%}
    {{ return(reprocess or (dbt.databricks__get_incremental_merge_sql(arg_dict) if has_new_input()
        else nothing_new_sql(arg_dict['target_relation']))) }}
{% endmacro %}
