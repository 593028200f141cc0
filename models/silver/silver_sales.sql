{{
    config(
        unique_key='sale_line_id',
        partition_by=['sale_date'],
        matched_condition=newer_version_condition('DBT_INTERNAL_SOURCE', 'DBT_INTERNAL_DEST'),
    )
}}
{#-
    The new rows are filtered against the table before the merge as well as by
    matched_condition: Delta rewrites every file holding a matched row, even
    when the condition then rejects it, so a stale correction or redelivery
    must not reach the merge at all.
-#}
{%- set window_start = processed_through() if is_incremental() else none -%}
{#- a fail expectation stops the run here, before the table changes -#}
{%- do assert_no_failed_expectations(ref('silver_sales_validated'), 'sale_line_id') -%}

with validated_lines as (

    select * from {{ ref('silver_sales_validated') }}

),

new_valid_records as (

    select *
    from validated_lines
    -- the cheap load filter first: Spark evaluates the conditions in order,
    -- and the validity one parses the JSON line
    where
        {{ loaded_after('bronze_loaded_at', window_start) }}
        and quarantine_reason is null

),

ranked_records as (

    select
        *,
        row_number() over (
            partition by sale_line_id
            order by ingest_time desc, record_hash desc, source_file asc, line_number asc
        ) as version_rank
    from new_valid_records

),

latest_record_per_sale_line as (

    select * except (version_rank)
    from ranked_records
    where version_rank = 1

),

{% if is_incremental() %}

current_versions as (

    select
        sale_line_id,
        sale_date,
        ingest_time,
        record_hash,
        previous_sale_date,
        bronze_loaded_at
    from {{ this }}

),

newer_versions as (

    select
        incoming.*,
        -- the date gold last published for this sale line: gold must rebuild it.
        -- A current version loaded after the checkpoint was never published
        -- (its run died before finishing), so its own previous date stands.
        case
            when current_versions.sale_line_id is null then null
            {%- if window_start %}
            when current_versions.bronze_loaded_at > {{ window_start }}
                then current_versions.previous_sale_date
            {%- endif %}
            else current_versions.sale_date
        end as previous_sale_date
    from latest_record_per_sale_line as incoming
    left join current_versions
        on incoming.sale_line_id = current_versions.sale_line_id
    where
        current_versions.sale_line_id is null
        or {{ newer_version_condition('incoming', 'current_versions') }}

)

{% else %}

newer_versions as (

    select
        *,
        cast(null as date) as previous_sale_date
    from latest_record_per_sale_line

)

{% endif %}

select
    ---------- keys
    sale_line_id,
    transaction_id,
    customer_id,
    product_id,
    store_id,
    ---------- attributes
    payment_method,
    sale_date,
    is_return,
    record_hash,
    ---------- measures
    quantity,
    unit_price,
    discount,
    revenue,
    ---------- timestamps
    event_time,
    ingest_time,
    ---------- lineage
    previous_sale_date,
    source_file,
    line_number,
    bronze_loaded_at
from newer_versions
