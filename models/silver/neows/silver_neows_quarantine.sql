with rejected_lines as ({{ rejected_lines(ref('silver_neows_validated')) }})

select
    source_file, line_number,  -- keys
    quarantine_reason, neo_id, approach_epoch_ms, raw_line,
    bronze_loaded_at
from rejected_lines
