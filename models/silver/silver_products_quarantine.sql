{{ config(unique_key=['source_file', 'line_number']) }}
{#-
    Merged on the bronze line's key, not appended: a run that dies before the
    checkpoint is re-run over the same bronze rows and must not add them twice.
-#}
{%- set window_start = processed_through() if is_incremental() else none -%}
{#- a fail expectation stops the run here, before the table changes -#}
{%- do assert_no_failed_expectations(ref('silver_products_validated'), 'product_id') -%}

with validated_lines as (

    select * from {{ ref('silver_products_validated') }}

),

rejected_lines as (

    select *
    from validated_lines
    where
        {{ loaded_after('bronze_loaded_at', window_start) }}
        and quarantine_reason is not null

)

select
    ---------- keys
    source_file,
    line_number,
    ---------- attributes
    quarantine_reason,
    product_id,
    raw_line,
    ---------- timestamps
    bronze_loaded_at
from rejected_lines
