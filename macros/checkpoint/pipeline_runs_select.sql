{% macro pipeline_runs_select(windows) %}
{#- the Delta version each table downstream of the feeds that did not fail has as the run ends:
    restore_to_run reads them -#}
{%- set table_versions = run_table_versions(windows | rejectattr('failure') | map(attribute='feed') | list) %}

with feed_windows as (

    {% for window in windows -%}
    {#- a window that changes no gold table (a reprocess, a failure) tells no freshness -#}
    {%- set no_freshness = window.reprocessed or window.failure -%}
    select
        {{ sql_string(window.feed) }} as feed,
        {{ 'true' if window.failure else 'false' }} as failed,
        {{ sql_string(window.stop_reason) if window.stop_reason else 'cast(null as string)' }} as stop_reason,
        {{ window.reprocessed_from }} as reprocessed_from,
        {{ window.reprocessed_to }} as reprocessed_to,
        {{ window.window_start if window.reprocessed else 'cast(null as timestamp)' }} as checkpoint_kept,
        count(distinct source_file) as files_loaded,
        count(*) as bronze_rows,
        {%- if no_freshness %}
        cast(null as timestamp) as oldest_file_landed_at,
        cast(null as timestamp) as newest_file_landed_at,
        {%- else %}
        min(file_modified_at) as oldest_file_landed_at,
        max(file_modified_at) as newest_file_landed_at,
        {%- endif %}
        max(loaded_at) as window_end
    {%- if window.bronze is none %}
    -- a bronze model that failed in its first run left no table
    from (select cast(null as string) as source_file, cast(null as timestamp) as loaded_at) as no_bronze
    where false
    {%- else %}
    from {{ window.bronze }}
    where {{ 'true' if window.reprocessed else loaded_after('loaded_at', window.window_start) }}
    {%- endif %}
    union all
    {% endfor -%}
    -- no feed completes in this run's selection: nothing to log
    select
        cast(null as string) as feed,
        false as failed,
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
            when failed then 'failed'
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
        -- a failed or stopped feed processed nothing: its checkpoint stays where it was
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
    -- a failed feed is logged even when its bronze model took nothing
    where bronze_rows > 0 or failed

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
{%- endmacro %}
