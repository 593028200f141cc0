{{ merged_feed_config('sales') }}

with newer_versions as ({{ newer_record_versions(ref('silver_sales_validated'), 'sales') }})

select
    sale_line_id, transaction_id, customer_id, product_id, store_id,  -- keys
    payment_method, sale_date, is_return, record_hash{{ added_fields('sales') }},  -- attributes
    quantity, unit_price, discount, revenue,  -- measures
    event_time, ingest_time,  -- timestamps
    previous_sale_date, source_file, line_number, bronze_loaded_at  -- lineage
from newer_versions
