{{ config(materialized='view') }}
{#- the rules are declared in YAML -#}
{%- set expectations = declared_expectations('silver_products_validated') %}

with bronze_products as (

    select * from {{ ref('bronze_products') }}

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
            'product_id string, op string, updated_at string, ingest_time string, name string, '
            || 'category string, brand string, list_price string, _corrupt_record string'
        ) as record
    from bronze_products

),

typed as (

    select
        source_file,
        line_number,
        raw_line,
        bronze_loaded_at,
        record is not null and record._corrupt_record is null as is_json_object,
        record.product_id,
        -- an absent op is an upsert
        coalesce(record.op, 'upsert') as op,
        record.name as product_name,
        record.category,
        record.brand,
        record.list_price as list_price_text,
        try_cast(record.list_price as decimal(18, 2)) as list_price,
        record.updated_at as updated_at_text,
        record.ingest_time as ingest_time_text,
        {{ parse_event_timestamp('record.updated_at') }} as updated_at,
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
    product_id,
    ---------- attributes
    op,
    product_name,
    category,
    brand,
    quarantine_reason,
    warned_expectations,
    failed_expectations,
    raw_line,
    -- breaks ingest_time ties between versions by content alone
    sha2(raw_line, 256) as record_hash,
    ---------- measures
    list_price,
    ---------- timestamps
    updated_at,
    ingest_time,
    bronze_loaded_at
from judged
