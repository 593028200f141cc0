{{ config(incremental_strategy='insert_overwrite', partition_by=none) }}
{#- One row per customer over all sales: any sale can change it, so it is a
    small table rebuilt whole (insert overwrite) by every run that brings new
    rows, rather than a partitioned mart. -#}

with gold_sales as (

    select * from {{ ref('gold_sales') }}

),

customer_sales as (

    select
        customer_id,
        cast(sum(revenue) as decimal(18, 2)) as total_spend,
        count(distinct case when not is_return then transaction_id end) as orders,
        count(distinct case when is_return then transaction_id end) as return_transactions,
        min(case when not is_return then event_time end) as first_purchase_at,
        max(case when not is_return then event_time end) as last_purchase_at
    from gold_sales
    group by customer_id

)

select
    ---------- keys
    customer_id,
    ---------- measures
    total_spend,
    orders,
    return_transactions,
    cast(round(total_spend / nullif(orders, 0), 2) as decimal(18, 2)) as average_order_value,
    ---------- timestamps
    first_purchase_at,
    last_purchase_at
from customer_sales
