{{ config(materialized='view') }}
{#- the rules are declared in YAML -#}
{%- set expectations = declared_expectations('silver_orders_validated') %}

with bronze_orders as (

    select * from {{ ref('bronze_orders') }}

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
            'order_id string, op string, sequence_num string, status string, customer_id string, '
            || 'amount string, quantity string, order_time string, updated_at string, ingest_time string, '
            || '_corrupt_record string'
        ) as record
    from bronze_orders

),

typed as (

    select
        source_file,
        line_number,
        raw_line,
        bronze_loaded_at,
        record is not null and record._corrupt_record is null as is_json_object,
        record.order_id,
        record.op,
        record.sequence_num as sequence_num_text,
        record.status,
        record.customer_id,
        record.amount as amount_text,
        record.quantity as quantity_text,
        record.order_time as order_time_text,
        record.updated_at as updated_at_text,
        record.ingest_time as ingest_time_text,
        case
            when record.sequence_num rlike '^[0-9]{1,18}$' then cast(record.sequence_num as bigint)
        end as sequence_num,
        try_cast(record.amount as decimal(18, 2)) as amount,
        case
            when record.quantity rlike '^[0-9]{1,9}$' then cast(record.quantity as int)
        end as quantity,
        {{ parse_event_timestamp('record.order_time') }} as order_time,
        {{ parse_event_timestamp('record.updated_at') }} as updated_at,
        {{ parse_event_timestamp('record.ingest_time') }} as ingest_time
    from parsed

),

validated as (

    select
        *,
        -- the first rule a record breaks; a present field must be valid even
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
    order_id,
    sequence_num,
    ---------- attributes
    op,
    status,
    customer_id,
    to_date(order_time) as order_date,
    quarantine_reason,
    warned_expectations,
    failed_expectations,
    raw_line,
    -- decides between redeliveries of one change with equal ingest_time by
    -- content alone, so the winner never depends on arrival order
    sha2(
        concat_ws(
            '|',
            op,
            coalesce(status, ''),
            coalesce(customer_id, ''),
            coalesce(cast(amount as string), ''),
            coalesce(cast(quantity as string), ''),
            coalesce(cast(unix_micros(order_time) as string), ''),
            cast(unix_micros(updated_at) as string)
        ),
        256
    ) as record_hash,
    ---------- measures
    amount,
    quantity,
    ---------- timestamps
    order_time,
    updated_at,
    ingest_time,
    bronze_loaded_at
from judged
