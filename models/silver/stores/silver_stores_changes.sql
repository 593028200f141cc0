{{ merged_feed_config('stores') }}

with new_changes as ({{ new_change_records(ref('silver_stores_validated'), 'store_id') }})

select
    store_id, updated_at,  -- keys
    op, store_name, city, region, store_type, record_hash,  -- attributes
    ingest_time,  -- timestamps
    source_file, line_number, bronze_loaded_at  -- lineage
from new_changes
