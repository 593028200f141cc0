with bronze_sales as (select * from {{ ref('bronze_sales') }}),

judged_records as ({{ judged_records('sales', 'bronze_sales') }})

select
    source_file, line_number, sale_line_id, transaction_id, customer_id, product_id, store_id,  -- keys
    payment_method, {{ partition_date('sales') }}, quantity < 0 as is_return{{ added_fields('sales') }},  -- attributes
    quarantine_reason, warned_expectations, failed_expectations, raw_line,
    {{ record_hash('sales') }} as record_hash,
    quantity, unit_price, discount,  -- measures
    -- revenue of the line: returns are negative
    cast(round(quantity * unit_price * (1 - discount), 2) as decimal(18, 2)) as revenue,
    event_time, ingest_time, bronze_loaded_at  -- timestamps
from judged_records
