{% macro spark__get_merge_sql(target, source, unique_key, dest_columns, incremental_predicates) %}
    {%- set on_clauses = [] if incremental_predicates is none else [] + incremental_predicates -%}
    {%- set keys = [] if unique_key is none else ([unique_key] if unique_key is string else unique_key) -%}
    {%- for key in keys -%}
        {%- do on_clauses.append('DBT_INTERNAL_SOURCE.' ~ key ~ ' = DBT_INTERNAL_DEST.' ~ key) -%}
    {%- endfor -%}
    {%- if keys | length == 0 -%}
        {%- do on_clauses.append('false') -%}
    {%- endif -%}

    {%- set update_columns = get_merge_update_columns(
        config.get('merge_update_columns'),
        config.get('merge_exclude_columns'),
        adapter.get_columns_in_relation(target)
    ) -%}
    {%- set matched_condition = config.get('matched_condition') -%}
    {%- set not_matched_condition = config.get('not_matched_condition') -%}

    merge into {{ target }} as DBT_INTERNAL_DEST
    using {{ source }} as DBT_INTERNAL_SOURCE
    on {{ on_clauses | join('\n    and ') }}
    when matched{% if matched_condition %} and ({{ matched_condition }}){% endif %} then update set
    {%- if update_columns %}
        {%- for column in update_columns %}
        {{ column }} = DBT_INTERNAL_SOURCE.{{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    {%- else %} *
    {%- endif %}
    when not matched{% if not_matched_condition %} and ({{ not_matched_condition }}){% endif %} then insert *
{% endmacro %}

{#
    A root project's spark__ macro outranks an adapter's databricks__ one when
    dbt dispatches on Databricks, so the override above would replace
    dbt-databricks' merge there: hand Databricks back its own, which reads
    matched_condition and not_matched_condition natively.
#}
{% macro databricks__get_merge_sql(target, source, unique_key, dest_columns, incremental_predicates) %}
    {{ return(dbt.databricks__get_merge_sql(target, source, unique_key, dest_columns, incremental_predicates)) }}
{% endmacro %}
