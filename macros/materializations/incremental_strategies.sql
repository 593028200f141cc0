{#
    dbt-spark accepts only its own strategies: admit this one and hand the
    rest to the adapter's macros, which `dbt.` still reaches once overridden.
#}
{% macro dbt_spark_validate_get_incremental_strategy(raw_strategy, file_format) %}
    {%- if raw_strategy in ('replace_partitions', 'replace_keys') -%}
        {%- if file_format != 'delta' -%}
            {{ exceptions.raise_compiler_error(
                "incremental_strategy '" ~ raw_strategy ~ "' needs file_format 'delta', got '" ~ file_format ~ "'") }}
        {%- endif -%}
        {{ return(raw_strategy) }}
    {%- endif -%}
    {{ return(dbt.dbt_spark_validate_get_incremental_strategy(raw_strategy, file_format)) }}
{% endmacro %}

{#
    Every incremental strategy goes through here: a model with no new input
    in this run (has_new_input) runs a statement that reads and writes
    nothing, so its table gets no Delta commit.
#}
{% macro dbt_spark_get_incremental_sql(strategy, source, target, existing, unique_key, incremental_predicates) %}
    {%- if not has_new_input() -%}
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
    {%- else -%}
        {{ dbt.dbt_spark_get_incremental_sql(strategy, source, target, existing, unique_key, incremental_predicates) }}
    {%- endif -%}
{% endmacro %}

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

{% macro databricks__get_incremental_append_sql(arg_dict) %}
    {{ return(dbt.databricks__get_incremental_append_sql(arg_dict) if has_new_input()
        else nothing_new_sql(arg_dict['target_relation'])) }}
{% endmacro %}

{% macro databricks__get_incremental_insert_overwrite_sql(arg_dict) %}
    {{ return(dbt.default__get_incremental_insert_overwrite_sql(arg_dict) if has_new_input()
        else nothing_new_sql(arg_dict['target_relation'])) }}
{% endmacro %}
