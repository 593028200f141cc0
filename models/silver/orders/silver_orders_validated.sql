with bronze_orders as (select * from {{ ref('bronze_orders') }}),

judged_records as ({{ judged_records('orders', 'bronze_orders') }})

select
    source_file, line_number, order_id, sequence_num,  -- keys
    op, status, customer_id, {{ partition_date('orders') }},  -- attributes
    quarantine_reason, warned_expectations, failed_expectations, raw_line,
    {{ record_hash('orders') }} as record_hash,
    amount, quantity,  -- measures
    order_time, updated_at, ingest_time, bronze_loaded_at  -- timestamps
from judged_records
