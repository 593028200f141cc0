{{ config(incremental_strategy='insert_overwrite') }}
{#-
    A small dimension, rebuilt whole from its change records (insert
    overwrite) by every run that brings new change records: a change
    arriving after a later one, or a late delete, is applied where it belongs
    by updated_at, whatever the arrival order.
-#}

with upserts_since_last_delete as (

    {{ upserts_since_last_delete(ref('silver_stores_changes'), 'store_id') }}

),

current_state as (

    select
        store_id,
        {{ latest_non_null('store_name') }} as store_name,
        {{ latest_non_null('city') }} as city,
        {{ latest_non_null('region') }} as region,
        {{ latest_non_null('store_type') }} as store_type,
        max(updated_at) as updated_at,
        max_by(ingest_time, updated_at) as ingest_time,
        max_by(source_file, updated_at) as source_file,
        max(bronze_loaded_at) as bronze_loaded_at
    from upserts_since_last_delete
    group by store_id

)

select
    ---------- keys
    store_id,
    ---------- attributes
    store_name,
    city,
    region,
    store_type,
    ---------- timestamps
    updated_at,
    ingest_time,
    ---------- lineage
    source_file,
    bronze_loaded_at
from current_state
