with rejected_lines as ({{ rejected_lines(ref('silver_products_validated')) }})

select
    source_file, line_number,  -- keys
    quarantine_reason, product_id, raw_line,
    bronze_loaded_at
from rejected_lines
