{% macro merged_feed_config(feed) %}
    {%- set declared = feed_declaration(feed) -%}
    {%- set partition_by = [declared.date_column] if declared.date_column and not declared.sequence else none -%}
    {{ config(
        unique_key=declared.merge_keys,
        partition_by=partition_by,
        matched_condition=newer_version_condition('DBT_INTERNAL_SOURCE', 'DBT_INTERNAL_DEST'),
        tblproperties={'delta.enableChangeDataFeed': 'true'},
    ) }}
{%- endmacro %}
