{#-
    The data-quality log: one row per run and model, for every run that brought
    new bronze rows, counting what happened to them. It reads the same window
    as the checkpoint (bronze rows loaded since the last completed run) after
    silver has merged it, so every valid line is classified against the
    version the table now holds (see the dq_counts macro):
    rows_read = rows_dropped + rows_written + redeliveries + stale_versions_ignored.
    Merged on (processed_after, model_name): a run that dies after logging, and
    before the checkpoint, is run again over the same window, and its row
    replaces the dead run's, so the reads of all rows still add up to bronze.
-#}
{{ config(incremental_strategy='merge', unique_key=['processed_after', 'model_name']) }}
{%- set window_start = processed_through() if is_incremental() else none %}
{%- set window_filter = loaded_after('bronze_loaded_at', window_start) %}
{#- every merged silver model fed by a validated view, with its merge keys -#}
{%- set all_judged_models = [
    {'feed': 'events', 'model': 'silver_events',
     'validated': 'silver_events_validated',
     'quarantine': 'silver_events_quarantine', 'keys': ['event_id'],
     'late': 'latency_seconds > ' ~ late_threshold_seconds()},
    {'feed': 'orders', 'model': 'silver_orders_changes',
     'validated': 'silver_orders_validated',
     'quarantine': 'silver_orders_quarantine', 'keys': ['order_id', 'sequence_num']},
    {'feed': 'customers', 'model': 'silver_customers_changes',
     'validated': 'silver_customers_validated',
     'quarantine': 'silver_customers_quarantine', 'keys': ['customer_id', 'updated_at']},
    {'feed': 'products', 'model': 'silver_products_changes',
     'validated': 'silver_products_validated',
     'quarantine': 'silver_products_quarantine', 'keys': ['product_id', 'updated_at']},
    {'feed': 'stores', 'model': 'silver_stores_changes',
     'validated': 'silver_stores_validated',
     'quarantine': 'silver_stores_quarantine', 'keys': ['store_id', 'updated_at']},
    {'feed': 'sales', 'model': 'silver_sales',
     'validated': 'silver_sales_validated',
     'quarantine': 'silver_sales_quarantine', 'keys': ['sale_line_id'],
     'late': seconds_between('event_time', 'ingest_time') ~ ' > ' ~ late_threshold_seconds()},
] %}
{%- set judged_models = of_landing_feeds(all_judged_models) %}

with model_counts as (

    {% for judged in judged_models -%}
    {%- set rules = declared_expectations(judged.validated) -%}
    {{ dq_counts(
        judged.model, ref(judged.validated), ref(judged.model), judged['keys'], rules, window_filter, judged.late
    ) }}
    union all
    {{ dq_quarantine_counts(judged.quarantine, ref(judged.quarantine), rules, window_filter) }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

new_bronze_lines as (

    {% for judged in judged_models -%}
    select bronze_loaded_at from {{ ref(judged.validated) }}
    where {{ window_filter }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select
    ---------- keys
    '{{ invocation_id }}' as invocation_id,
    model_counts.model_name,
    -- the window's start: bronze rows loaded after it were judged
    {{ window_start or "timestamp'1970-01-01 00:00:00'" }} as processed_after,
    ---------- measures
    model_counts.rows_read,
    model_counts.rows_written,
    model_counts.rows_dropped,
    model_counts.rows_warned,
    model_counts.redeliveries,
    model_counts.stale_versions_ignored,
    model_counts.late_events,
    model_counts.dropped_by_rule,
    model_counts.warned_by_rule,
    ---------- timestamps
    {{ run_started_at_timestamp() }} as run_started_at,
    current_timestamp() as recorded_at
from model_counts
-- like the checkpoint, a run without new bronze rows logs nothing
where exists (select 1 from new_bronze_lines)
