{{
    config(
        unique_key='sale_line_id',
        partition_by=['sale_date'],
        matched_condition=newer_version_condition('DBT_INTERNAL_SOURCE', 'DBT_INTERNAL_DEST'),
    )
}}
{#-
    The new rows are filtered against the table before the merge as well as by
    matched_condition: Delta rewrites every file holding a matched row, even
    when the condition then rejects it, so a stale correction or redelivery
    must not reach the merge at all.
-#}

with newer_versions as (

    {{ newer_record_versions(ref('silver_sales_validated'), 'sale_line_id', 'sale_date') }}

)

select
    ---------- keys
    sale_line_id,
    transaction_id,
    customer_id,
    product_id,
    store_id,
    ---------- attributes
    payment_method,
    sale_date,
    is_return,
    record_hash,
    ---------- measures
    quantity,
    unit_price,
    discount,
    revenue,
    ---------- timestamps
    event_time,
    ingest_time,
    ---------- lineage
    previous_sale_date,
    source_file,
    line_number,
    bronze_loaded_at
from newer_versions
