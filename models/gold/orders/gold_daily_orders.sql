{#- an incremental run reads the changed dates: see in_rebuilt_partitions -#}
-- depends_on: {{ ref('silver_orders_changed_dates') }}

with order_history as (

    select * from {{ ref('silver_orders_history') }}

),

-- the order as it is now; a deleted order has no current version, and an
-- order whose placing was never received has no date to count on
current_orders as (

    select *
    from order_history
    where
        is_current
        and order_date is not null
        and {{ in_rebuilt_partitions('order_date') }}

),

daily_orders as (

    select
        order_date,
        coalesce(status, 'unknown') as status,
        count(distinct order_id) as distinct_orders,
        cast(sum(coalesce(amount, 0)) as decimal(18, 2)) as revenue,
        sum(coalesce(quantity, 0)) as quantity
    from current_orders
    group by order_date, coalesce(status, 'unknown')

)

select
    ---------- keys
    order_date,
    status,
    ---------- measures
    distinct_orders,
    revenue,
    quantity
from daily_orders
