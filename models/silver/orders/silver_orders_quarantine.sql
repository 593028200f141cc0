with rejected_lines as ({{ rejected_lines(ref('silver_orders_validated')) }})

select
    source_file, line_number,  -- keys
    quarantine_reason, order_id, sequence_num, raw_line,
    bronze_loaded_at
from rejected_lines
