with bronze_events as (select * from {{ ref('bronze_events') }}),

judged_records as ({{ judged_records('events', 'bronze_events') }})

select
    source_file, line_number, event_id,  -- keys
    user_id, event_type, {{ partition_date('events') }}{{ added_fields('events') }},  -- attributes
    quarantine_reason, warned_expectations, failed_expectations, raw_line,
    {{ record_hash('events') }} as record_hash,
    amount, {{ seconds_between('event_time', 'ingest_time') }} as latency_seconds,  -- measures
    event_time, ingest_time, bronze_loaded_at  -- timestamps
from judged_records
