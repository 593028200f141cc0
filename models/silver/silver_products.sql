{{ config(incremental_strategy='insert_overwrite') }}
{#-
    A small dimension, rebuilt whole from its change records (insert
    overwrite) by every run that brings new change records: a change
    arriving after a later one, or a late delete, is applied where it belongs
    by updated_at, whatever the arrival order.
-#}

with upserts_since_last_delete as (

    {{ upserts_since_last_delete(ref('silver_products_changes'), 'product_id') }}

),

current_state as (

    select
        product_id,
        {{ latest_non_null('product_name') }} as product_name,
        {{ latest_non_null('category') }} as category,
        {{ latest_non_null('brand') }} as brand,
        {{ latest_non_null('list_price') }} as list_price,
        max(updated_at) as updated_at,
        max_by(ingest_time, updated_at) as ingest_time,
        max_by(source_file, updated_at) as source_file,
        max(bronze_loaded_at) as bronze_loaded_at
    from upserts_since_last_delete
    group by product_id

)

select
    ---------- keys
    product_id,
    ---------- attributes
    product_name,
    category,
    brand,
    list_price,
    ---------- timestamps
    updated_at,
    ingest_time,
    ---------- lineage
    source_file,
    bronze_loaded_at
from current_state
