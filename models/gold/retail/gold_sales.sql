{#- an incremental run reads the changed dates: see in_rebuilt_partitions -#}
-- depends_on: {{ ref('silver_sales_changed_dates') }}

with silver_sales as (

    select * from {{ ref('silver_sales') }}
    where {{ in_rebuilt_partitions('sale_date') }}

),

customers_history as (

    select * from {{ ref('silver_customers_history') }}

),

products_history as (

    select * from {{ ref('silver_products_history') }}

),

stores_history as (

    select * from {{ ref('silver_stores_history') }}

),

-- each dimension as it was at the sale's event_time: the version whose
-- [__start_at, __end_at) holds it; none when the key did not exist then
sales_with_versions as (

    select
        silver_sales.*,
        customers_history.__start_at as customer_version_start_at,
        customers_history.email,
        customers_history.phone,
        customers_history.city as customer_city,
        customers_history.country as customer_country,
        customers_history.loyalty_tier as customer_loyalty_tier,
        products_history.__start_at as product_version_start_at,
        products_history.product_name,
        products_history.category as product_category,
        products_history.brand as product_brand,
        products_history.list_price as product_list_price,
        stores_history.__start_at as store_version_start_at,
        stores_history.store_name,
        stores_history.city as store_city,
        stores_history.region as store_region,
        stores_history.store_type
    from silver_sales
    left join customers_history
        on
            silver_sales.customer_id = customers_history.customer_id
            and silver_sales.event_time >= customers_history.__start_at
            and (customers_history.__end_at is null or silver_sales.event_time < customers_history.__end_at)
    left join products_history
        on
            silver_sales.product_id = products_history.product_id
            and silver_sales.event_time >= products_history.__start_at
            and (products_history.__end_at is null or silver_sales.event_time < products_history.__end_at)
    left join stores_history
        on
            silver_sales.store_id = stores_history.store_id
            and silver_sales.event_time >= stores_history.__start_at
            and (stores_history.__end_at is null or silver_sales.event_time < stores_history.__end_at)

)

select
    ---------- keys
    sale_line_id,
    transaction_id,
    customer_id,
    product_id,
    store_id,
    {{ version_key('customer_id', 'customer_version_start_at') }} as customer_version_key,
    {{ version_key('product_id', 'product_version_start_at') }} as product_version_key,
    {{ version_key('store_id', 'store_version_start_at') }} as store_version_key,
    ---------- attributes
    sale_date,
    payment_method,
    is_return,
    -- personal data never reaches gold in clear
    {{ hashed_email('email') }} as customer_email_hash,
    {{ hashed_phone('phone') }} as customer_phone_hash,
    customer_city,
    customer_country,
    customer_loyalty_tier,
    product_name,
    product_category,
    product_brand,
    store_name,
    store_city,
    store_region,
    store_type,
    ---------- measures
    quantity,
    unit_price,
    discount,
    revenue,
    product_list_price,
    ---------- timestamps
    event_time,
    ingest_time
from sales_with_versions
