{{
    config(
        unique_key=['product_id', 'updated_at'],
        matched_condition=newer_version_condition('DBT_INTERNAL_SOURCE', 'DBT_INTERNAL_DEST'),
    )
}}

with new_changes as (

    {{ new_change_records(ref('silver_products_validated'), 'product_id') }}

)

select
    ---------- keys
    product_id,
    updated_at,
    ---------- attributes
    op,
    product_name,
    category,
    brand,
    record_hash,
    ---------- measures
    list_price,
    ---------- timestamps
    ingest_time,
    ---------- lineage
    source_file,
    line_number,
    bronze_loaded_at
from new_changes
