{{ config(materialized='view') }}

with bronze_stores as (

    select * from {{ ref('bronze_stores') }}

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
            'store_id string, op string, updated_at string, ingest_time string, name string, '
            || 'city string, region string, store_type string, _corrupt_record string'
        ) as record
    from bronze_stores

),

typed as (

    select
        source_file,
        line_number,
        raw_line,
        bronze_loaded_at,
        record is not null and record._corrupt_record is null as is_json_object,
        record.store_id,
        -- an absent op is an upsert
        coalesce(record.op, 'upsert') as op,
        record.name as store_name,
        record.city,
        record.region,
        record.store_type,
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
            when coalesce(trim(store_id), '') = '' then 'missing_store_id'
            when op not in ('upsert', 'delete') then 'invalid_op'
            when updated_at_text is null then 'missing_updated_at'
            when updated_at is null then 'invalid_updated_at'
            when ingest_time_text is null then 'missing_ingest_time'
            when ingest_time is null then 'invalid_ingest_time'
        end as quarantine_reason
    from typed

)

select
    ---------- keys
    source_file,
    line_number,
    store_id,
    ---------- attributes
    op,
    store_name,
    city,
    region,
    store_type,
    quarantine_reason,
    raw_line,
    -- breaks ingest_time ties between versions by content alone
    sha2(raw_line, 256) as record_hash,
    ---------- timestamps
    updated_at,
    ingest_time,
    bronze_loaded_at
from validated
