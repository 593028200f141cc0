{{
    config(
        unique_key='event_id',
        partition_by=['event_date'],
        matched_condition=newer_version_condition('DBT_INTERNAL_SOURCE', 'DBT_INTERNAL_DEST'),
    )
}}
{#-
    The new rows are filtered against the table before the merge as well as by
    matched_condition: Delta rewrites every file holding a matched row, even
    when the condition then rejects it, so a stale correction or redelivery
    must not reach the merge at all.
-#}

with newer_versions as (

    {{ newer_record_versions(ref('silver_events_validated'), 'event_id', 'event_date') }}

)

select
    ---------- keys
    event_id,
    ---------- attributes
    user_id,
    event_type,
    event_date,
    record_hash,
    ---------- measures
    amount,
    latency_seconds,
    ---------- timestamps
    event_time,
    ingest_time,
    ---------- lineage
    previous_event_date,
    source_file,
    line_number,
    bronze_loaded_at
from newer_versions
