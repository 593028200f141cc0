{{
    config(
        unique_key=['store_id', 'updated_at'],
        matched_condition=newer_version_condition('DBT_INTERNAL_SOURCE', 'DBT_INTERNAL_DEST'),
    )
}}

with new_changes as (

    {{ new_change_records(ref('silver_stores_validated'), 'store_id') }}

)

select
    ---------- keys
    store_id,
    updated_at,
    ---------- attributes
    op,
    store_name,
    city,
    region,
    store_type,
    record_hash,
    ---------- timestamps
    ingest_time,
    ---------- lineage
    source_file,
    line_number,
    bronze_loaded_at
from new_changes
