{#- an incremental run reads the changed dates: see in_rebuilt_partitions -#}
-- depends_on: {{ ref('silver_events_changed_dates') }}

with silver_events as (

    select * from {{ ref('silver_events') }}
    where {{ in_rebuilt_partitions('event_date') }}

),

daily_user_activity as (

    select
        event_date,
        user_id,
        count(*) as total_events,
        cast(sum(coalesce(amount, 0)) as decimal(18, 2)) as total_amount,
        count_if(latency_seconds > {{ late_threshold_seconds() }}) as late_events,
        avg(latency_seconds) as avg_latency_seconds,
        max(latency_seconds) as max_latency_seconds
    from silver_events
    group by event_date, user_id

)

select
    ---------- keys
    event_date,
    user_id,
    ---------- measures
    total_events,
    total_amount,
    late_events,
    {{ percentage('late_events', 'total_events') }} as late_event_pct,
    avg_latency_seconds,
    max_latency_seconds
from daily_user_activity
