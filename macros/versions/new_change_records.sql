{#
    The valid change records of a dimension feed that a `<dim>_changes` model
    must merge this run: loaded after the checkpoint, one per (key,
    updated_at) (the latest ingest_time wins, ties by content hash), and, when
    the model already exists, only those newer than the version it holds. The
    filter against the table keeps stale corrections and plain redeliveries
    out of the merge, so they rewrite no file.
#}
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
