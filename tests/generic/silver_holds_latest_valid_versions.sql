{#
    Recomputes the current version of every valid event from all bronze
    lines and fails for each event where the merged table disagrees: a
    missing event, an extra one, or another version than the contract's.
    When the feed stops in this run, the lines of its window are not in
    silver by design (the run reports it) and are left out.
#}
{% test silver_holds_latest_valid_versions(model) %}
{%- set checkpoint = processed_through('events') -%}
{%- set stopped = feed_stop_reasons(judged_feed('events'), checkpoint) | length > 0 %}

with validated as (

    select * from {{ ref('silver_events_validated') }}
    where
        quarantine_reason is null
        {% if stopped -%}
        and not {{ loaded_after('bronze_loaded_at', checkpoint) }}
        {%- endif %}

),

ranked as (

    select
        event_id,
        ingest_time,
        record_hash,
        row_number() over (
            partition by event_id order by ingest_time desc, record_hash desc
        ) as version_rank
    from validated

),

expected as (

    select event_id, ingest_time, record_hash
    from ranked
    where version_rank = 1

)

select
    coalesce(expected.event_id, actual.event_id) as event_id,
    expected.record_hash as expected_hash,
    actual.record_hash as actual_hash
from expected
full outer join {{ model }} as actual
    on expected.event_id = actual.event_id
where
    expected.event_id is null
    or actual.event_id is null
    or expected.ingest_time != actual.ingest_time
    or expected.record_hash != actual.record_hash

{% endtest %}
