{{ config(materialized='view') }}
{#- the rules are declared in _silver__models.yml -#}
{%- set expectations = declared_expectations('silver_events_validated') %}

with bronze_events as (

    select * from {{ ref('bronze_events') }}

),

parsed as (

    select
        source_file,
        line_number,
        raw_line,
        loaded_at as bronze_loaded_at,
        -- every field as text: numbers arrive as their digits, and a value of
        -- the wrong JSON type is caught below rather than nulling the record
        from_json(
            raw_line,
            'event_id string, user_id string, event_type string, event_time string, '
            || 'ingest_time string, amount string, _corrupt_record string'
        ) as record
    from bronze_events

),

typed as (

    select
        source_file,
        line_number,
        raw_line,
        bronze_loaded_at,
        record is not null and record._corrupt_record is null as is_json_object,
        record.event_id,
        record.user_id,
        coalesce(nullif(trim(record.event_type), ''), 'unknown') as event_type,
        record.event_time as event_time_text,
        record.ingest_time as ingest_time_text,
        record.amount as amount_text,
        {{ parse_event_timestamp('record.event_time') }} as event_time,
        {{ parse_event_timestamp('record.ingest_time') }} as ingest_time,
        try_cast(record.amount as decimal(18, 2)) as amount
    from parsed

),

validated as (

    select
        *,
        -- the first drop rule the record breaks (the contract's rules first)
        {{ dropped_by_expectations(expectations) | indent(8) }} as quarantine_reason
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
    event_id,
    ---------- attributes
    user_id,
    event_type,
    to_date(event_time) as event_date,
    quarantine_reason,
    warned_expectations,
    failed_expectations,
    raw_line,
    -- decides between redeliveries of one event_id and ingest_time by content
    -- alone, so the winner never depends on arrival order
    sha2(
        concat_ws(
            '|',
            user_id,
            event_type,
            cast(unix_micros(event_time) as string),
            coalesce(cast(amount as string), '')
        ),
        256
    ) as record_hash,
    ---------- measures
    amount,
    {{ seconds_between('event_time', 'ingest_time') }} as latency_seconds,
    ---------- timestamps
    event_time,
    ingest_time,
    bronze_loaded_at
from judged
