{{ config(materialized='view') }}
{#-
    The checkpoint is read when the view is (re)created at the start of each
    run, so between runs the view lists the dates the latest run changed.
-#}

with silver_neows as (select * from {{ ref('silver_neows') }}),

changed_dates as ({{ changed_partition_dates('neows', 'silver_neows') }})

select approach_date
from changed_dates
