{#
    The select of dq_run_log: its rows for the landing feeds (or only `feeds`).
    The model passes `ref`; the on-run-end hook that logs the feeds a failed
    run still completed passes `model_relation` (a hook has no refs).
#}
{% macro dq_run_log_select(incremental, relation_of, feeds=none) %}
{#- each feed's window starts at its own checkpoint; a stopped feed logs nothing
    (its window is judged again, and logged, by the run that takes it) -#}
{%- set windows = [] -%}
{%- for judged in of_landing_feeds(judged_feeds()) if feeds is none or judged.feed in feeds -%}
{%- set window_start = processed_through(judged.feed) if incremental else none -%}
{#- a reprocess run leaves the window to the next ordinary run, which logs it -#}
{%- set logged = feed_window(judged.feed).has_new_rows and not reprocess_range(judged.feed)
    and feed_stop_reasons(judged, window_start) | length == 0 -%}
{%- do windows.append({
    'judged': judged,
    'processed_after': window_start or "timestamp'1970-01-01 00:00:00'",
    'filter': loaded_after('bronze_loaded_at', window_start) if logged else 'false',
    'file_filter': loaded_after('loaded_at', window_start) if logged else 'false',
    'logged': logged,
    'lines': validated_window(relation_of(judged.validated), window_start) if logged else relation_of(judged.validated),
}) -%}
{%- endfor %}

with model_counts as (

    {% for window in windows -%}
    {%- set judged = window.judged -%}
    {%- set rules = declared_expectations(judged.validated) -%}
    {%- for counts in [
        dq_file_counts(judged.feed, relation_of('file_ledger'), window.file_filter),
        dq_counts(judged.model, window.lines, relation_of(judged.model), judged['keys'], rules,
                  window.filter, judged.late),
        dq_quarantine_counts(judged.quarantine, relation_of(judged.quarantine), rules, window.filter),
    ] %}
    select
        {{ window.processed_after }} as processed_after,
        counts.*
    from ({{ counts }}) as counts
    -- like the checkpoint, a feed without new bronze rows logs nothing (and
    -- Spark reads nothing for a `where false`)
    where {{ 'true' if window.logged else 'false' }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select
    ---------- keys
    '{{ invocation_id }}' as invocation_id,
    model_counts.model_name,
    -- the window's start: the feed's bronze rows loaded after it were judged
    model_counts.processed_after,
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
{% endmacro %}
