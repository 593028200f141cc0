{#
    Incremental strategy `append_new_window` on Databricks (on Spark,
    dbt_spark_get_incremental_sql routes it): append the run's rows, or MERGE
    them on unique_key when the target already holds rows of the window (see
    window_written_before). A MERGE costs a second pass over the source and a
    join with the target; an append only the source.
#}
{% macro get_incremental_append_new_window_sql(arg_dict) %}
    {%- if window_written_before(arg_dict['target_relation']) -%}
        {{ return(get_incremental_merge_sql(arg_dict)) }}
    {%- endif -%}
    {{ return(get_incremental_append_sql(arg_dict)) }}
{% endmacro %}
