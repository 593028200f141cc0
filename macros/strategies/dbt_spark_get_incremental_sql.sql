{% macro dbt_spark_get_incremental_sql(strategy, source, target, existing, unique_key, incremental_predicates) %}
    {%- set reprocess = reprocess_sql(target, source) -%}
    {%- if reprocess -%}
        {{ reprocess }}
    {%- elif not has_new_input() -%}
        {{ nothing_new_sql(target) }}
    {%- elif strategy == 'replace_partitions' -%}
        {{ get_incremental_replace_partitions_sql({
            'temp_relation': source,
            'target_relation': target,
            'unique_key': unique_key,
            'incremental_predicates': incremental_predicates,
        }) }}
    {%- elif strategy == 'replace_keys' -%}
        {{ get_incremental_replace_keys_sql({
            'temp_relation': source,
            'target_relation': target,
        }) }}
    {%- elif strategy == 'append_new_window' -%}
        {{ dbt.dbt_spark_get_incremental_sql('merge' if window_written_before(target) else 'append',
            source, target, existing, unique_key, incremental_predicates) }}
    {%- else -%}
        {{ dbt.dbt_spark_get_incremental_sql(strategy, source, target, existing, unique_key, incremental_predicates) }}
    {%- endif -%}
{% endmacro %}
