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
{%- set windows = [] -%}
{#- only feeds with new bronze rows are logged: the others are not queried at all -#}
{%- for judged in of_landing_feeds(judged_feeds())
        if (feed_window(judged.feed).has_new_rows or reprocess_range(judged.feed))
            and feed_completes_in_this_run(judged.feed) -%}
{%- set window_start = processed_through(judged.feed) if is_incremental() else none -%}
{#- a reprocess re-derives its dates from all of bronze and keeps the checkpoint:
    the next ordinary run takes the new window as usual -#}
{%- set reprocessed = reprocess_range(judged.feed) if window_start else none -%}
{%- set reasons = [] if reprocessed else feed_stop_reasons(judged, window_start) -%}
{%- do windows.append({
    'feed': judged.feed,
    'window_start': window_start,
    'reprocessed': reprocessed,
    'reprocessed_from': "date'" ~ reprocessed.first ~ "'" if reprocessed else 'cast(null as date)',
    'reprocessed_to': "date'" ~ reprocessed.last ~ "'" if reprocessed else 'cast(null as date)',
    'stop_reason': feed_stop_message(judged, reasons) if reasons else none,
}) -%}
{%- endfor %}
{#- the Delta version each table downstream of these feeds has as the run ends: restore_to_run reads them -#}
{%- set table_versions = run_table_versions(windows | map(attribute='feed') | list) %}

with feed_windows as (

    {% for window in windows -%}
    select
        {{ sql_string(window.feed) }} as feed,
        {{ sql_string(window.stop_reason) if window.stop_reason else 'cast(null as string)' }} as stop_reason,
        {{ window.reprocessed_from }} as reprocessed_from,
        {{ window.reprocessed_to }} as reprocessed_to,
        {{ window.window_start if window.reprocessed else 'cast(null as timestamp)' }} as checkpoint_kept,
        count(distinct source_file) as files_loaded,
        count(*) as bronze_rows,
        {%- if window.reprocessed %}
        -- a reprocess brings no file to gold: no freshness to tell
        cast(null as timestamp) as oldest_file_landed_at,
        cast(null as timestamp) as newest_file_landed_at,
        {%- else %}
        min(file_modified_at) as oldest_file_landed_at,
        max(file_modified_at) as newest_file_landed_at,
        {%- endif %}
        max(loaded_at) as window_end
    from {{ ref('bronze_' ~ window.feed) }}
    where {{ 'true' if window.reprocessed else loaded_after('loaded_at', window.window_start) }}
    union all
    {% endfor -%}
    -- no feed completes in this run's selection: nothing to log
    select
        cast(null as string) as feed,
        cast(null as string) as stop_reason,
        cast(null as date) as reprocessed_from,
        cast(null as date) as reprocessed_to,
        cast(null as timestamp) as checkpoint_kept,
        cast(0 as bigint) as files_loaded,
        cast(0 as bigint) as bronze_rows,
        cast(null as timestamp) as oldest_file_landed_at,
        cast(null as timestamp) as newest_file_landed_at,
        cast(null as timestamp) as window_end

),

logged_runs as (

    select
        ---------- keys
        '{{ invocation_id }}' as invocation_id,
        feed,
        ---------- attributes
        case
            when stop_reason is not null then 'stopped'
            when reprocessed_from is not null then 'reprocessed'
            else 'completed'
        end as status,
        stop_reason,
        reprocessed_from,
        reprocessed_to,
        ---------- measures
        files_loaded,
        bronze_rows,
        ---------- timestamps
        -- a stopped feed processed nothing: its checkpoint stays where it was
        case
            when stop_reason is not null then null
            when reprocessed_from is not null then checkpoint_kept
            else window_end
        end as processed_through,
        {{ table_versions }} as table_versions,
        oldest_file_landed_at,
        newest_file_landed_at,
        {{ run_started_at_timestamp() }} as run_started_at,
        current_timestamp() as recorded_at
    from feed_windows
    where bronze_rows > 0

)

select
    ---------- keys
    invocation_id,
    feed,
    ---------- attributes
    status,
    stop_reason,
    reprocessed_from,
    reprocessed_to,
    ---------- measures
    files_loaded,
    bronze_rows,
    -- how old gold's newest data is as this run completes, and the longest
    -- any file of this run waited to reach gold
    {{ seconds_between('newest_file_landed_at', 'recorded_at') }} as freshness_seconds,
    {{ seconds_between('oldest_file_landed_at', 'recorded_at') }} as max_landed_to_gold_seconds,
    table_versions,
    ---------- timestamps
    processed_through,
    oldest_file_landed_at,
    newest_file_landed_at,
    run_started_at,
    recorded_at
from logged_runs
