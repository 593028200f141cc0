{{ config(unique_key=feed_declaration('events').merge_keys, partition_by=[feed_declaration('events').date_column],
          matched_condition=newer_version_condition('DBT_INTERNAL_SOURCE', 'DBT_INTERNAL_DEST')) }}

with newer_versions as ({{ newer_record_versions(ref('silver_events_validated'), 'events') }})

select
    event_id,  -- keys
    user_id, event_type, event_date, record_hash,  -- attributes
    amount, latency_seconds,  -- measures
    event_time, ingest_time,  -- timestamps
    previous_event_date, source_file, line_number, bronze_loaded_at  -- lineage
from newer_versions
