{% macro latest_new_records(validated_relation, version_key, whole_feed=false) %}
{%- set window_start = processed_through() if is_incremental() and not whole_feed else none -%}
with new_valid_records as (

    select *
    from {{ validated_window(validated_relation, window_start) }}
    -- the cheap load filter first: Spark evaluates the conditions in order,
    -- and the validity one parses the JSON line
    where
        {{ loaded_after('bronze_loaded_at', window_start) }}
        and quarantine_reason is null
        {{- feed_stop_filter(window_start) if not whole_feed }}

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
