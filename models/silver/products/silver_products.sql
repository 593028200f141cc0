with products_changes as (select * from {{ ref('silver_products_changes') }}),

current_state as ({{ current_state('products_changes', 'products') }})

select
    product_id,  -- keys
    product_name, category, brand,  -- attributes
    list_price,  -- measures
    updated_at, ingest_time,  -- timestamps
    source_file, bronze_loaded_at  -- lineage
from current_state
