with rejected_lines as ({{ rejected_lines(ref('silver_customers_validated')) }})

select
    source_file, line_number,  -- keys
    quarantine_reason, customer_id, raw_line,
    bronze_loaded_at
from rejected_lines
