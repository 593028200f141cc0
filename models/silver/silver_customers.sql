{{ config(incremental_strategy='insert_overwrite') }}
{#-
    A small dimension, rebuilt whole from its change records (insert
    overwrite) by every run that brings new change records: a change
    arriving after a later one, or a late delete, is applied where it belongs
    by updated_at, whatever the arrival order.
-#}

with upserts_since_last_delete as (

    {{ upserts_since_last_delete(ref('silver_customers_changes'), 'customer_id') }}

),

current_state as (

    select
        customer_id,
        {{ latest_non_null('first_name') }} as first_name,
        {{ latest_non_null('last_name') }} as last_name,
        {{ latest_non_null('email') }} as email,
        {{ latest_non_null('phone') }} as phone,
        {{ latest_non_null('birth_date') }} as birth_date,
        {{ latest_non_null('city') }} as city,
        {{ latest_non_null('country') }} as country,
        {{ latest_non_null('loyalty_tier') }} as loyalty_tier,
        max(updated_at) as updated_at,
        max_by(ingest_time, updated_at) as ingest_time,
        max_by(source_file, updated_at) as source_file,
        max(bronze_loaded_at) as bronze_loaded_at
    from upserts_since_last_delete
    group by customer_id

)

select
    ---------- keys
    customer_id,
    ---------- attributes
    first_name,
    last_name,
    email,
    phone,
    birth_date,
    city,
    country,
    loyalty_tier,
    ---------- timestamps
    updated_at,
    ingest_time,
    ---------- lineage
    source_file,
    bronze_loaded_at
from current_state
