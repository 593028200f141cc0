{{ merged_feed_config('products') }}

with new_changes as ({{ new_change_records(ref('silver_products_validated'), 'product_id') }})

select
    product_id, updated_at,  -- keys
    op, product_name, category, brand, record_hash,  -- attributes
    list_price,  -- measures
    ingest_time,  -- timestamps
    source_file, line_number, bronze_loaded_at  -- lineage
from new_changes
