{% macro new_change_records(validated_relation, key_column) %}
with latest_records as (

    {{ latest_new_records(validated_relation, [key_column, 'updated_at']) }}

)

{%- if is_incremental() %},

current_records as (

    select
        {{ key_column }},
        updated_at,
        ingest_time,
        record_hash
    from {{ this }}

)

select incoming.*
from latest_records as incoming
left join current_records
    on
        incoming.{{ key_column }} = current_records.{{ key_column }}
        and incoming.updated_at = current_records.updated_at
where
    current_records.{{ key_column }} is null
    or {{ newer_version_condition('incoming', 'current_records') }}
{%- else %}

select * from latest_records
{%- endif %}
{% endmacro %}
