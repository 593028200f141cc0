{{ merged_feed_config('customers') }}

with new_changes as ({{ new_change_records(ref('silver_customers_validated'), 'customer_id') }})

select
    customer_id, updated_at,  -- keys
    op, first_name, last_name, email, phone, birth_date, city, country, loyalty_tier, record_hash,  -- attributes
    ingest_time,  -- timestamps
    source_file, line_number, bronze_loaded_at  -- lineage
from new_changes
