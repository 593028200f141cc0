with bronze_customers as (select * from {{ ref('bronze_customers') }}),

judged_records as ({{ judged_records('customers', 'bronze_customers') }})

select
    source_file, line_number, customer_id,  -- keys
    op, first_name, last_name, email, phone, birth_date, city, country, loyalty_tier,  -- attributes
    quarantine_reason, warned_expectations, failed_expectations, raw_line,
    {{ record_hash('customers') }} as record_hash,
    updated_at, ingest_time, bronze_loaded_at  -- timestamps
from judged_records
