{{
    config(
        partition_by=['order_date'],
        replace_partitions_from='silver_orders_changed_dates',
    )
}}
{#- Only incremental runs read the changed dates (here and in the
    replace_partitions strategy), so the dependency is declared. -#}
-- depends_on: {{ ref('silver_orders_changed_dates') }}
{%- set dates_to_rebuild = none %}
{%- if is_incremental() %}
{%- set dates_to_rebuild = partitions_to_rebuild('silver_orders_changed_dates', 'order_date') %}
{%- endif %}

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
        {%- if dates_to_rebuild is not none %}
        and {{ in_list('order_date', dates_to_rebuild) }}
        {%- endif %}

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
