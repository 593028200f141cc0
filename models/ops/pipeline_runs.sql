{#-
    The pipeline's checkpoints and run log: one row per run and landing feed
    that brought the feed new bronze rows. It runs after every silver and gold
    model (it depends on the DAG's leaves), so a feed's `processed_through` only advances once
    the run has completed everything downstream of that feed's bronze model;
    silver reads the feed's bronze rows loaded after its latest completed
    `processed_through`. A feed stopped by a fail rule or a circuit breaker is
    logged as `stopped`, with the reason, and keeps its checkpoint; the other
    feeds complete. A feed whose downstream models this run did not select
    (e.g. `--select silver_events`) is not logged, so its checkpoint stays.
    When a model fails, dbt skips this model: the on-run-end hook
    checkpoint_feeds_after_failure then writes this run's rows with the same
    SQL (pipeline_runs_windows, pipeline_runs_select), the feeds the failure
    held back logged as `failed`, the others as they would be here.
-#}
{#- the DAG's leaves: every other model is upstream of one of them (dq_run_log
    reads every feed's silver model and quarantine); a test checks it -#}
-- depends_on: {{ ref('dq_run_log') }}
-- depends_on: {{ ref('silver_customers') }}
-- depends_on: {{ ref('silver_products') }}
-- depends_on: {{ ref('silver_stores') }}
-- depends_on: {{ ref('gold_daily_user_activity') }}
-- depends_on: {{ ref('gold_daily_event_types') }}
-- depends_on: {{ ref('gold_daily_orders') }}
-- depends_on: {{ ref('gold_daily_store_performance') }}
-- depends_on: {{ ref('gold_product_performance') }}
-- depends_on: {{ ref('gold_customer_lifetime_value') }}
-- depends_on: {{ ref('dim_date') }}
-- depends_on: {{ ref('gold_daily_neo_approaches') }}
{{ pipeline_runs_select(pipeline_runs_windows(is_incremental(), ref)) }}
