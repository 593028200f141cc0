{% macro in_rebuilt_partitions(column) %}
    {%- if is_incremental() -%}
        {{ in_list(column, partitions_to_rebuild(config.get('replace_partitions_from'), column)) }}
    {%- else -%}
        true
    {%- endif -%}
{% endmacro %}
