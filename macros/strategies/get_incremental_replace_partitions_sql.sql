{% macro get_incremental_replace_partitions_sql(arg_dict) %}
    {%- set source = arg_dict['temp_relation'] -%}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set partition_by = config.get('partition_by') -%}
    {%- set partition_by = [partition_by] if partition_by is string else partition_by -%}
    {%- set listing_model = config.get('replace_partitions_from') -%}
    {%- if not partition_by or partition_by | length != 1 or not listing_model -%}
        {{ exceptions.raise_compiler_error(
            "incremental_strategy 'replace_partitions' needs exactly one partition_by column and "
            ~ "replace_partitions_from (the model listing the partitions to replace); got partition_by="
            ~ partition_by ~ ", replace_partitions_from=" ~ listing_model) }}
    {%- endif -%}
    {%- set column = partition_by[0] -%}

    {#- the listing is read once per run; Delta's replaceWhere check fails the
        write if a new row lies outside it, so no row is silently lost -#}
    {%- set partitions = partitions_to_rebuild(listing_model, column) -%}

    {%- if partitions | length == 0 -%}
        select 'no partitions changed' as replace_partitions_result
    {%- else -%}
        {{ replace_where_sql(target, source, in_list(column, partitions)) }}
    {%- endif -%}
{% endmacro %}
