{{ config(materialized='view') }}
{#-
    The checkpoint is read when the view is (re)created at the start of each
    run, so between runs the view lists the dates the latest run changed.
-#}
{%- set window_start = processed_through() -%}

with silver_events as (

    select * from {{ ref('silver_events') }}

),

changed_versions as (

    select
        event_date,
        previous_event_date
    from silver_events
    where {{ loaded_after('bronze_loaded_at', window_start) }}

),

changed_dates as (

    select event_date from changed_versions
    union
    select previous_event_date as event_date
    from changed_versions
    where previous_event_date is not null

)

select event_date
from changed_dates
