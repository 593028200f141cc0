{#- an incremental run reads the changed dates: see in_rebuilt_partitions -#}
-- depends_on: {{ ref('silver_sales_changed_dates') }}

with gold_sales as (

    select * from {{ ref('gold_sales') }}
    where {{ in_rebuilt_partitions('sale_date') }}

),

daily_store_performance as (

    select
        sale_date,
        store_id,
        cast(sum(revenue) as decimal(18, 2)) as revenue,
        cast(sum(case when is_return then revenue else 0 end) as decimal(18, 2)) as returned_revenue,
        count(distinct transaction_id) as transactions,
        coalesce(sum(case when not is_return then quantity end), 0) as items_sold,
        count(distinct customer_id) as unique_customers,
        count_if(is_return) as return_lines,
        coalesce(-sum(case when is_return then quantity end), 0) as returned_items
    from gold_sales
    group by sale_date, store_id

)

select
    ---------- keys
    sale_date,
    store_id,
    ---------- measures
    revenue,
    returned_revenue,
    transactions,
    items_sold,
    unique_customers,
    return_lines,
    returned_items
from daily_store_performance
