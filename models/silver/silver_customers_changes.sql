{{
    config(
        unique_key=['customer_id', 'updated_at'],
        matched_condition=newer_version_condition('DBT_INTERNAL_SOURCE', 'DBT_INTERNAL_DEST'),
    )
}}

with new_changes as (

    {{ new_change_records(ref('silver_customers_validated'), 'customer_id') }}

)

select
    ---------- keys
    customer_id,
    updated_at,
    ---------- attributes
    op,
    first_name,
    last_name,
    email,
    phone,
    birth_date,
    city,
    country,
    loyalty_tier,
    record_hash,
    ---------- timestamps
    ingest_time,
    ---------- lineage
    source_file,
    line_number,
    bronze_loaded_at
from new_changes
