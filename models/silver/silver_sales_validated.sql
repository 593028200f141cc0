{{ config(materialized='view') }}
{#- the rules are declared in YAML -#}
{%- set expectations = declared_expectations('silver_sales_validated') %}

with bronze_sales as (

    select * from {{ ref('bronze_sales') }}

),

parsed as (

    select
        source_file,
        line_number,
        raw_line,
        loaded_at as bronze_loaded_at,
        -- every field as text: a value of the wrong JSON type is caught below
        -- rather than nulling the whole record
        from_json(
            raw_line,
            'sale_line_id string, transaction_id string, customer_id string, product_id string, '
            || 'store_id string, quantity string, unit_price string, discount string, '
            || 'payment_method string, event_time string, ingest_time string, _corrupt_record string'
        ) as record
    from bronze_sales

),

typed as (

    select
        source_file,
        line_number,
        raw_line,
        bronze_loaded_at,
        record is not null and record._corrupt_record is null as is_json_object,
        record.sale_line_id,
        record.transaction_id,
        record.customer_id,
        record.product_id,
        record.store_id,
        record.payment_method,
        case when record.quantity rlike '^-?[0-9]{1,9}$' then cast(record.quantity as int) end as quantity,
        record.unit_price as unit_price_text,
        try_cast(record.unit_price as decimal(18, 2)) as unit_price,
        record.discount as discount_text,
        -- no discount given means none
        cast(
            coalesce(try_cast(record.discount as decimal(9, 4)), case when record.discount is null then 0 end)
            as decimal(9, 4)
        ) as discount,
        record.event_time as event_time_text,
        record.ingest_time as ingest_time_text,
        {{ parse_event_timestamp('record.event_time') }} as event_time,
        {{ parse_event_timestamp('record.ingest_time') }} as ingest_time
    from parsed

),

validated as (

    select
        *,
        -- the first drop rule the record breaks (rules declared in YAML)
        {{ dropped_by_expectations(expectations) }} as quarantine_reason
    from typed

),

judged as (

    select
        *,
        -- warn and fail rules judge only what the drop rules kept
        {{ expectation_verdicts(expectations) }}
    from validated

)

select
    ---------- keys
    source_file,
    line_number,
    sale_line_id,
    transaction_id,
    customer_id,
    product_id,
    store_id,
    ---------- attributes
    payment_method,
    to_date(event_time) as sale_date,
    quantity < 0 as is_return,
    quarantine_reason,
    warned_expectations,
    failed_expectations,
    raw_line,
    -- breaks ingest_time ties between versions by content alone
    sha2(raw_line, 256) as record_hash,
    ---------- measures
    quantity,
    unit_price,
    discount,
    -- revenue of the line: returns are negative
    cast(round(quantity * unit_price * (1 - discount), 2) as decimal(18, 2)) as revenue,
    ---------- timestamps
    event_time,
    ingest_time,
    bronze_loaded_at
from judged
