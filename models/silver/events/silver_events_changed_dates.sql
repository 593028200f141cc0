{{ config(materialized='view') }}
{#-
    The checkpoint is read when the view is (re)created at the start of each
    run, so between runs the view lists the dates the latest run changed.
-#}

with silver_events as (select * from {{ ref('silver_events') }}),

changed_dates as ({{ changed_partition_dates('events', 'silver_events') }})

select event_date
from changed_dates
