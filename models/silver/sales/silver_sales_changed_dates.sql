{{ config(materialized='view') }}
{#-
    The checkpoint is read when the view is (re)created at the start of each
    run, so between runs the view lists the dates the latest run changed.
    Besides new and replaced sale versions, a dimension change applied this
    run changes the version a sale joins to, for that key's sales at or after
    the change's updated_at (a late change rewrites past sales): their dates
    are rebuilt too. Each feed's changes are read from that feed's checkpoint.
-#}

with silver_sales as (

    select * from {{ ref('silver_sales') }}

),

customers_changes as (

    select * from {{ ref('silver_customers_changes') }}

),

products_changes as (

    select * from {{ ref('silver_products_changes') }}

),

stores_changes as (

    select * from {{ ref('silver_stores_changes') }}

),

changed_versions as (

    select
        sale_date,
        previous_sale_date
    from silver_sales
    where {{ loaded_after('bronze_loaded_at', processed_through('sales')) }}

),

{% for dimension, key in [('customers', 'customer_id'), ('products', 'product_id'), ('stores', 'store_id')] %}
{{ dimension }}_changed_since as (

    select
        {{ key }},
        min(updated_at) as changed_since
    from {{ dimension }}_changes
    where {{ loaded_after('bronze_loaded_at', processed_through(dimension)) }}
    group by {{ key }}

),

sales_joining_changed_{{ dimension }} as (

    select silver_sales.sale_date
    from silver_sales
    inner join {{ dimension }}_changed_since
        on
            silver_sales.{{ key }} = {{ dimension }}_changed_since.{{ key }}
            and silver_sales.event_time >= {{ dimension }}_changed_since.changed_since

),

{% endfor %}
changed_dates as (

    select sale_date from changed_versions
    union
    select previous_sale_date as sale_date
    from changed_versions
    where previous_sale_date is not null
    union
    select sale_date from sales_joining_changed_customers
    union
    select sale_date from sales_joining_changed_products
    union
    select sale_date from sales_joining_changed_stores

)

select sale_date
from changed_dates
