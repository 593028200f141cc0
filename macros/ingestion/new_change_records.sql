{#
    The valid change records of a dimension feed that a `<dim>_changes` model
    must merge this run: loaded after the checkpoint, one per (key,
    updated_at) (the latest ingest_time wins, ties by content hash), and, when
    the model already exists, only those newer than the version it holds. The
    filter against the table keeps stale corrections and plain redeliveries
    out of the merge, so they rewrite no file.
#}
{% macro new_change_records(validated_relation, key_column) %}
{%- set window_start = processed_through() if is_incremental() else none -%}
{#- a fail expectation stops the run here, before the table changes -#}
{%- do assert_no_failed_expectations(validated_relation, key_column) -%}
with new_valid_records as (

    select *
    from {{ validated_relation }}
    where
        {{ loaded_after('bronze_loaded_at', window_start) }}
        and quarantine_reason is null

),

ranked_records as (

    select
        *,
        row_number() over (
            partition by {{ key_column }}, updated_at
            order by ingest_time desc, record_hash desc, source_file asc, line_number asc
        ) as version_rank
    from new_valid_records

),

latest_records as (

    select * except (version_rank)
    from ranked_records
    where version_rank = 1

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
