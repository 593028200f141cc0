{{ config(unique_key=['source_file', 'line_number']) }}
{#-
    Merged on the bronze line's key, not appended: a run that dies before the
    checkpoint is re-run over the same bronze rows and must not add them twice.
-#}

with rejected_lines as (

    {{ rejected_lines(ref('silver_stores_validated')) }}

)

select
    ---------- keys
    source_file,
    line_number,
    ---------- attributes
    quarantine_reason,
    store_id,
    raw_line,
    ---------- timestamps
    bronze_loaded_at
from rejected_lines
