{{ config(materialized='view') }}
{#-
    The order dates gold must rebuild: every date an order touched by the
    latest run may have counted on before or counts on now. That is the
    order date of any change of the order (a version takes its order_time
    from one of them) and the dates of change records a correction replaced.
    The checkpoint is read when the view is (re)created at the start of each
    run, so between runs it lists the dates the latest run changed.
-#}
{%- set window_start = processed_through() -%}

with order_changes as (

    select * from {{ ref('silver_orders_changes') }}

),

touched_orders as (

    select distinct order_id
    from order_changes
    where {{ loaded_after('bronze_loaded_at', window_start) }}

),

changes_of_touched_orders as (

    select
        order_changes.order_date,
        order_changes.replaced_order_date
    from order_changes
    left semi join touched_orders
        on order_changes.order_id = touched_orders.order_id

),

changed_dates as (

    select order_date from changes_of_touched_orders
    where order_date is not null
    union
    select replaced_order_date as order_date
    from changes_of_touched_orders
    where replaced_order_date is not null

)

select order_date
from changed_dates
