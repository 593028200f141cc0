with bronze_stores as (select * from {{ ref('bronze_stores') }}),

judged_records as ({{ judged_records('stores', 'bronze_stores') }})

select
    source_file, line_number, store_id,  -- keys
    op, store_name, city, region, store_type,  -- attributes
    quarantine_reason, warned_expectations, failed_expectations, raw_line,
    {{ record_hash('stores') }} as record_hash,
    updated_at, ingest_time, bronze_loaded_at  -- timestamps
from judged_records
