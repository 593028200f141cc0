{#-
    The pipeline's checkpoint and run log: one row per run that brought new
    bronze rows to any feed. It runs after every silver and gold model (see depends_on),
    so `processed_through` only advances once the whole run has succeeded;
    silver reads bronze rows loaded after the latest value.
-#}
-- depends_on: {{ ref('silver_events_quarantine') }}
-- depends_on: {{ ref('gold_daily_user_activity') }}
-- depends_on: {{ ref('gold_daily_event_types') }}
-- depends_on: {{ ref('dq_run_log') }}
-- depends_on: {{ ref('silver_orders_quarantine') }}
-- depends_on: {{ ref('gold_daily_orders') }}
-- depends_on: {{ ref('silver_customers_quarantine') }}
-- depends_on: {{ ref('silver_products_quarantine') }}
-- depends_on: {{ ref('silver_stores_quarantine') }}
-- depends_on: {{ ref('silver_sales_quarantine') }}
-- depends_on: {{ ref('silver_customers') }}
-- depends_on: {{ ref('silver_products') }}
-- depends_on: {{ ref('silver_stores') }}
-- depends_on: {{ ref('dim_date') }}
-- depends_on: {{ ref('gold_sales') }}
-- depends_on: {{ ref('gold_daily_store_performance') }}
-- depends_on: {{ ref('gold_product_performance') }}
-- depends_on: {{ ref('gold_customer_lifetime_value') }}
{%- set window_start = processed_through() if is_incremental() else none %}

with bronze_loads as (

    {% for feed in var('landing_feeds') -%}
    select
        source_file,
        loaded_at
    from {{ ref('bronze_' ~ feed) }}
    where {{ loaded_after('loaded_at', window_start) }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

{#- the event counts below exist only in runs that register the events feed -#}
{%- if 'events' in var('landing_feeds') %}

silver_events as (

    select * from {{ ref('silver_events') }}
    where {{ loaded_after('bronze_loaded_at', window_start) }}

),

quarantine as (

    select * from {{ ref('silver_events_quarantine') }}
    where {{ loaded_after('bronze_loaded_at', window_start) }}

),

changed_dates as (

    select * from {{ ref('silver_events_changed_dates') }}

),
{%- else %}

silver_events as (

    select 1 as no_row
    where false

),

quarantine as (

    select 1 as no_row
    where false

),

changed_dates as (

    select 1 as no_row
    where false

),
{%- endif %}

bronze_summary as (

    select
        max(loaded_at) as processed_through,
        count(*) as bronze_rows,
        count(distinct source_file) as files_loaded
    from bronze_loads

)

select
    ---------- keys
    '{{ invocation_id }}' as invocation_id,
    ---------- measures
    bronze_summary.files_loaded,
    bronze_summary.bronze_rows,
    (select count(*) from quarantine) as quarantined_rows,
    (select count(*) from silver_events) as versions_applied,
    (select count(*) from changed_dates) as event_dates_rebuilt,
    ---------- timestamps
    bronze_summary.processed_through,
    {{ run_started_at_timestamp() }} as run_started_at,
    current_timestamp() as recorded_at
from bronze_summary
where bronze_summary.bronze_rows > 0
