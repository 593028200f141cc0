{{ merged_feed_config('events') }}

with newer_versions as ({{ newer_record_versions(ref('silver_events_validated'), 'events') }})

select
    event_id,  -- keys
    user_id, event_type, event_date, record_hash{{ added_fields('events') }},  -- attributes
    amount, latency_seconds,  -- measures
    event_time, ingest_time,  -- timestamps
    previous_event_date, source_file, line_number, bronze_loaded_at  -- lineage
from newer_versions
