{{ config(incremental_strategy='insert_overwrite', partition_by=none) }}
{#- One row per product over all sales: any sale can change it, so it is a
    small table rebuilt whole (insert overwrite) by every run that brings new
    rows, rather than a partitioned mart. -#}

with gold_sales as (

    select * from {{ ref('gold_sales') }}

),

products_history as (

    select * from {{ ref('silver_products_history') }}

),

-- the product's latest version, kept for a deleted product too
latest_product_versions as (

    select
        product_id,
        max_by(product_name, __start_at) as product_name,
        max_by(category, __start_at) as category,
        max_by(brand, __start_at) as brand
    from products_history
    group by product_id

),

product_sales as (

    select
        product_id,
        cast(sum(revenue) as decimal(18, 2)) as revenue,
        sum(quantity) as net_quantity,
        coalesce(sum(case when not is_return then quantity end), 0) as items_sold,
        coalesce(-sum(case when is_return then quantity end), 0) as returned_items,
        count(distinct transaction_id) as orders
    from gold_sales
    group by product_id

)

select
    ---------- keys
    product_sales.product_id,
    ---------- attributes
    latest_product_versions.product_name,
    latest_product_versions.category,
    latest_product_versions.brand,
    ---------- measures
    product_sales.revenue,
    product_sales.net_quantity,
    product_sales.items_sold,
    product_sales.returned_items,
    product_sales.orders,
    {{ percentage('product_sales.returned_items', 'product_sales.items_sold') }} as return_rate_pct
from product_sales
left join latest_product_versions
    on product_sales.product_id = latest_product_versions.product_id
