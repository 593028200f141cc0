{#
    The valid records of a feed loaded after the checkpoint, one per
    `version_key` (a list of columns): of several receptions of one version
    (redeliveries, corrections), the latest `ingest_time` wins, ties broken by
    content hash, so the winner never depends on arrival order. The first step
    of every merged silver model, so it holds the feed's stop check: a feed
    that a fail rule or a circuit breaker stops takes no record (see
    feed_stop_reasons).
#}
{% macro latest_new_records(validated_relation, version_key) %}
{%- set window_start = processed_through() if is_incremental() else none -%}
with new_valid_records as (

    select *
    from {{ validated_window(validated_relation, window_start) }}
    -- the cheap load filter first: Spark evaluates the conditions in order,
    -- and the validity one parses the JSON line
    where
        {{ loaded_after('bronze_loaded_at', window_start) }}
        and quarantine_reason is null
        {{- feed_stop_filter(window_start) }}

),

ranked_records as (

    select
        *,
        row_number() over (
            partition by {{ version_key | join(', ') }}
            order by ingest_time desc, record_hash desc, source_file asc, line_number asc
        ) as version_rank
    from new_valid_records

)

select * except (version_rank)
from ranked_records
where version_rank = 1
{% endmacro %}
