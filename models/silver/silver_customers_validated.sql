{{ config(materialized='view') }}
{#- the rules are declared in YAML -#}
{%- set expectations = declared_expectations('silver_customers_validated') %}

with bronze_customers as (

    select * from {{ ref('bronze_customers') }}

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
            'customer_id string, op string, updated_at string, ingest_time string, first_name string, '
            || 'last_name string, email string, phone string, birth_date string, city string, '
            || 'country string, loyalty_tier string, _corrupt_record string'
        ) as record
    from bronze_customers

),

typed as (

    select
        source_file,
        line_number,
        raw_line,
        bronze_loaded_at,
        record is not null and record._corrupt_record is null as is_json_object,
        record.customer_id,
        -- an absent op is an upsert
        coalesce(record.op, 'upsert') as op,
        record.first_name,
        record.last_name,
        record.email,
        record.phone,
        record.birth_date as birth_date_text,
        case
            when record.birth_date rlike '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' then try_cast(record.birth_date as date)
        end as birth_date,
        record.city,
        record.country,
        record.loyalty_tier,
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
    customer_id,
    ---------- attributes
    op,
    first_name,
    last_name,
    email,
    phone,
    birth_date,
    city,
    country,
    loyalty_tier,
    quarantine_reason,
    warned_expectations,
    failed_expectations,
    raw_line,
    -- breaks ingest_time ties between versions by content alone
    sha2(raw_line, 256) as record_hash,
    ---------- timestamps
    updated_at,
    ingest_time,
    bronze_loaded_at
from judged
