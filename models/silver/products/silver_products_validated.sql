with bronze_products as (select * from {{ ref('bronze_products') }}),

judged_records as ({{ judged_records('products', 'bronze_products') }})

select
    source_file, line_number, product_id,  -- keys
    op, product_name, category, brand,  -- attributes
    quarantine_reason, warned_expectations, failed_expectations, raw_line,
    {{ record_hash('products') }} as record_hash,
    list_price,  -- measures
    updated_at, ingest_time, bronze_loaded_at  -- timestamps
from judged_records
