with rejected_lines as ({{ rejected_lines(ref('silver_sales_validated')) }})

select
    source_file, line_number,  -- keys
    quarantine_reason, sale_line_id, raw_line,
    bronze_loaded_at
from rejected_lines
