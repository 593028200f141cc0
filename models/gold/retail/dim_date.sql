{{ config(incremental_strategy='insert_overwrite', partition_by=none) }}
{#- A few hundred rows: rebuilt whole (insert overwrite) by every run that
    brings new rows, so it always spans the sales. -#}

with silver_sales as (

    select * from {{ ref('silver_sales') }}

),

sales_span as (

    select
        min(sale_date) as first_date,
        max(sale_date) as last_date
    from silver_sales

),

calendar as (

    select explode(sequence(first_date, last_date, interval 1 day)) as date_day
    from sales_span
    where first_date is not null

)

select
    ---------- keys
    date_day,
    ---------- attributes
    year(date_day) as year_number,
    quarter(date_day) as quarter_number,
    month(date_day) as month_number,
    date_format(date_day, 'MMMM') as month_name,
    weekofyear(date_day) as iso_week_number,
    cast(date_trunc('week', date_day) as date) as week_start_date,
    -- ISO numbering: 1 = Monday … 7 = Sunday
    weekday(date_day) + 1 as weekday_number,
    date_format(date_day, 'EEEE') as weekday_name,
    weekday(date_day) >= 5 as is_weekend
from calendar
