{{ config(partition_by=['sale_date'], replace_partitions_from='silver_sales_changed_dates') }}
{#- Only incremental runs read the changed dates (here and in the
    replace_partitions strategy), so the dependency is declared. -#}
-- depends_on: {{ ref('silver_sales_changed_dates') }}
{%- set dates_to_rebuild = none %}
{%- if is_incremental() %}
{%- set dates_to_rebuild = partitions_to_rebuild('silver_sales_changed_dates', 'sale_date') %}
{%- endif %}

with gold_sales as (

    select * from {{ ref('gold_sales') }}
    {%- if dates_to_rebuild is not none %}
    where {{ in_list('sale_date', dates_to_rebuild) }}
    {%- endif %}

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
