with stores_changes as (select * from {{ ref('silver_stores_changes') }}),

current_state as ({{ current_state('stores_changes', 'stores') }})

select
    store_id,  -- keys
    store_name, city, region, store_type,  -- attributes
    updated_at, ingest_time,  -- timestamps
    source_file, bronze_loaded_at  -- lineage
from current_state
