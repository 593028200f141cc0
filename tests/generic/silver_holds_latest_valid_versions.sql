{#
    Recomputes the current version of every key of a merged feed (one row
    per key) from all its bronze records, and fails for each key where the
    merged table disagrees: a missing key, an extra one, or another version
    than the latest valid one. When the feed stops in this run, the records
    of its window are not in silver by design (the run reports it) and are
    left out. A reprocess run is judged on its range's dates: the others
    keep what the rules of their own runs made of them.
#}
{% test silver_holds_latest_valid_versions(model, feed) %}
{%- set declared = feed_declaration(feed) -%}
{%- set keys = declared.merge_keys -%}
{%- set key_columns = [] -%}
{%- for key in keys -%}
    {%- do key_columns.append('coalesce(expected.' ~ key ~ ', actual.' ~ key ~ ') as ' ~ key) -%}
{%- endfor -%}
{%- set checkpoint = processed_through(feed) -%}
{%- set stopped = feed_stop_reasons(judged_feed(feed), checkpoint) | length > 0 -%}
{%- set reprocessed = reprocess_range(feed) -%}
{%- set compared = keys + ([declared.date_column] if reprocessed else []) %}

with validated as (

    select * from {{ ref(declared.validated) }}
    where
        quarantine_reason is null
        {% if stopped -%}
        and not {{ loaded_after('bronze_loaded_at', checkpoint) }}
        {%- endif %}

),

ranked as (

    select
        {{ compared | join(', ') }},
        ingest_time,
        record_hash,
        row_number() over (
            partition by {{ keys | join(', ') }} order by ingest_time desc, record_hash desc
        ) as version_rank
    from validated

),

expected as (

    select {{ compared | join(', ') }}, ingest_time, record_hash
    from ranked
    where version_rank = 1

)

select
    {{ key_columns | join(',\n    ') }},
    expected.record_hash as expected_hash,
    actual.record_hash as actual_hash
from expected
full outer join {{ model }} as actual
    on {{ same_keys(keys, 'expected', 'actual') }}
where
    (
        expected.{{ keys[0] }} is null
        or actual.{{ keys[0] }} is null
        or expected.ingest_time != actual.ingest_time
        or expected.record_hash != actual.record_hash
    ){% if reprocessed %}
    and (expected.{{ reprocessed.condition }} or actual.{{ reprocessed.condition }}){% endif %}

{% endtest %}
