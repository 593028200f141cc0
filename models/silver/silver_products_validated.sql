{{ config(materialized='view') }}

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
        -- the first rule a record breaks, in contract order
        case
            when not is_json_object then 'not_a_json_object'
            when coalesce(trim(product_id), '') = '' then 'missing_product_id'
            when op not in ('upsert', 'delete') then 'invalid_op'
            when updated_at_text is null then 'missing_updated_at'
            when updated_at is null then 'invalid_updated_at'
            when ingest_time_text is null then 'missing_ingest_time'
            when ingest_time is null then 'invalid_ingest_time'
            when list_price_text is not null and (list_price is null or list_price < 0) then 'invalid_list_price'
        end as quarantine_reason
    from typed

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
    raw_line,
    -- breaks ingest_time ties between versions by content alone
    sha2(raw_line, 256) as record_hash,
    ---------- measures
    list_price,
    ---------- timestamps
    updated_at,
    ingest_time,
    bronze_loaded_at
from validated
