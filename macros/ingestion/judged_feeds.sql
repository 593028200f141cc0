{#
    The landing feeds and, for each, the models that judge and merge its
    lines: `feed`, `validated` (the view that judges every bronze line),
    `model` (the merged silver table), `quarantine`, `keys` (the merge keys
    of `model`; the first names offending rows in messages) and, where the
    feed has late records, `late` (a condition on a merged row). The one list
    the ops models, the stop check and the end-of-run report read.
#}
{% macro judged_feeds() %}
    {{ return([
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
    ]) }}
{% endmacro %}

{# The judged_feeds() entry of one feed, by name. #}
{% macro judged_feed(feed) %}
    {%- for judged in judged_feeds() if judged.feed == feed -%}
        {{ return(judged) }}
    {%- endfor -%}
    {{ exceptions.raise_compiler_error("judged_feed: no landing feed named '" ~ feed ~ "'") }}
{% endmacro %}
