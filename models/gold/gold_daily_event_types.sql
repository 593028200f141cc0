{#- Only incremental runs read the changed dates (here and in the
    replace_partitions strategy), so the dependency is declared. -#}
-- depends_on: {{ ref('silver_events_changed_dates') }}
{%- set dates_to_rebuild = none %}
{%- if is_incremental() %}
{%- set dates_to_rebuild = partitions_to_rebuild('silver_events_changed_dates', 'event_date') %}
{%- endif %}

with silver_events as (

    select * from {{ ref('silver_events') }}
    {%- if dates_to_rebuild is not none %}
    where {{ in_list('event_date', dates_to_rebuild) }}
    {%- endif %}

),

events_with_lateness as (

    select
        *,
        latency_seconds > {{ late_threshold_seconds() }} as is_late
    from silver_events

),

daily_event_types as (

    select
        event_date,
        event_type,
        count(*) as total_events,
        cast(sum(coalesce(amount, 0)) as decimal(18, 2)) as total_amount,
        count(distinct user_id) as distinct_users,
        count_if(is_late) as late_events
    from events_with_lateness
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
