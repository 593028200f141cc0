{#-
    The data-quality log: one row per run and model, for every run that brought
    new bronze rows, counting what happened to them. It reads the same
    window as the checkpoint (bronze rows loaded since the last completed run)
    after silver has merged it, so every valid line can be classified against
    the current version it met: it is that version (written), has its
    ingest_time (a redelivery) or is older (a stale version, ignored).
    rows_read = rows_dropped + rows_written + redeliveries + stale_versions_ignored.
-#}
{%- set window_start = processed_through() if is_incremental() else none %}
{%- set expectations = declared_expectations('silver_events_validated') %}
{%- set drop_rules = expectations_with_action(expectations, 'drop') %}
{%- set warn_rules = expectations_with_action(expectations, 'warn') %}

with validated_lines as (

    select * from {{ ref('silver_events_validated') }}
    where {{ loaded_after('bronze_loaded_at', window_start) }}

),

current_versions as (

    select * from {{ ref('silver_events') }}

),

quarantined_lines as (

    select * from {{ ref('silver_events_quarantine') }}
    where {{ loaded_after('bronze_loaded_at', window_start) }}

),

line_outcomes as (

    select
        validated_lines.quarantine_reason,
        validated_lines.warned_expectations,
        validated_lines.latency_seconds,
        case
            when validated_lines.quarantine_reason is not null then 'dropped'
            when
                validated_lines.source_file = current_versions.source_file
                and validated_lines.line_number = current_versions.line_number
                then 'written'
            when validated_lines.ingest_time = current_versions.ingest_time then 'redelivery'
            when validated_lines.ingest_time < current_versions.ingest_time then 'stale'
            -- a valid line with no current version would be a lost record
            else 'unaccounted'
        end as outcome
    from validated_lines
    left join current_versions
        on
            validated_lines.quarantine_reason is null
            and validated_lines.event_id = current_versions.event_id

),

silver_counts as (

    select
        'silver_events' as model_name,
        count(*) as rows_read,
        count_if(outcome = 'written') as rows_written,
        count_if(outcome = 'dropped') as rows_dropped,
        count_if(size(warned_expectations) > 0) as rows_warned,
        count_if(outcome = 'redelivery') as redeliveries,
        count_if(outcome = 'stale') as stale_versions_ignored,
        count_if(
            outcome = 'written' and latency_seconds > {{ late_threshold_seconds() }}
        ) as late_events,
        {{ rule_counts(drop_rules, 'quarantine_reason = {rule}') | indent(8) }} as dropped_by_rule,
        {{ rule_counts(warn_rules, 'array_contains(warned_expectations, {rule})') | indent(8) }} as warned_by_rule
    from line_outcomes

),

quarantine_counts as (

    select
        'silver_events_quarantine' as model_name,
        count(*) as rows_read,
        count(*) as rows_written,
        cast(0 as bigint) as rows_dropped,
        cast(0 as bigint) as rows_warned,
        cast(0 as bigint) as redeliveries,
        cast(0 as bigint) as stale_versions_ignored,
        cast(0 as bigint) as late_events,
        {{ rule_counts(drop_rules, 'quarantine_reason = {rule}') | indent(8) }} as dropped_by_rule,
        {{ rule_counts([], '') }} as warned_by_rule
    from quarantined_lines

),

model_counts as (

    select * from silver_counts
    union all
    select * from quarantine_counts

)

select
    ---------- keys
    '{{ invocation_id }}' as invocation_id,
    model_counts.model_name,
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
where exists (select 1 from validated_lines)
