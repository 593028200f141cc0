{#- an incremental run reads the changed dates: see in_rebuilt_partitions -#}
-- depends_on: {{ ref('silver_events_changed_dates') }}

with silver_events as (

    select * from {{ ref('silver_events') }}
    where {{ in_rebuilt_partitions('event_date') }}

),

daily_event_types as (

    select
        event_date,
        event_type,
        count(*) as total_events,
        cast(sum(coalesce(amount, 0)) as decimal(18, 2)) as total_amount,
        count(distinct user_id) as distinct_users,
        count_if(latency_seconds > {{ late_threshold_seconds() }}) as late_events
    from silver_events
    group by event_date, event_type

)

select
    ---------- keys
    event_date,
    event_type,
    ---------- measures
    total_events,
    total_amount,
    distinct_users,
    late_events
from daily_event_types
