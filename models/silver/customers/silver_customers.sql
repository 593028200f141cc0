with customers_changes as (select * from {{ ref('silver_customers_changes') }}),

current_state as ({{ current_state('customers_changes', 'customers') }})

select
    customer_id,  -- keys
    first_name, last_name, email, phone, birth_date, city, country, loyalty_tier,  -- attributes
    updated_at, ingest_time,  -- timestamps
    source_file, bronze_loaded_at  -- lineage
from current_state
