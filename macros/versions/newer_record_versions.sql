{% macro newer_record_versions(validated_relation, feed) %}
{%- set declared = feed_declaration(feed) -%}
{%- set keys = declared.merge_keys -%}
{%- set date_column = declared.date_column -%}
{%- set window_start = processed_through() if is_incremental() else none -%}
{%- set previous_date = 'previous_' ~ date_column -%}
{%- set reprocessed = reprocess_range(feed) if is_incremental() else none -%}
{%- if reprocessed -%}
{#- every key's latest valid version over all of bronze, for the range's
    dates; reprocess_sql replaces the range with them. Gold rebuilds the
    range in this run, so each row's date is the one gold published. -#}
with latest_records as (

    {{ latest_new_records(validated_relation, keys, whole_feed=true) }}

)

select
    *,
    {{ date_column }} as {{ previous_date }}
from latest_records
where {{ reprocessed.condition }}
{%- else -%}
with latest_records as (

    {{ latest_new_records(validated_relation, keys) }}

)

{%- if is_incremental() %},

current_versions as (

    select
        {{ keys | join(',\n        ') }},
        {{ date_column }},
        ingest_time,
        record_hash,
        {{ previous_date }},
        bronze_loaded_at
    from {{ this }} as held
    -- only the keys that arrived: a small semi-join Spark broadcasts, instead
    -- of shuffling the whole table into the join below
    left semi join latest_records on {{ same_keys(keys, 'held', 'latest_records') }}

)

select
    incoming.*,
    -- the date gold last published for this key: gold must rebuild it. A
    -- current version loaded after the checkpoint was never published (its
    -- run died before finishing), so its own previous date stands.
    case
        when current_versions.{{ keys[0] }} is null then null
        {%- if window_start %}
        when current_versions.bronze_loaded_at > {{ window_start }}
            then current_versions.{{ previous_date }}
        {%- endif %}
        else current_versions.{{ date_column }}
    end as {{ previous_date }}
from latest_records as incoming
left join current_versions on {{ same_keys(keys, 'incoming', 'current_versions') }}
where
    current_versions.{{ keys[0] }} is null
    or {{ newer_version_condition('incoming', 'current_versions') }}
{%- else %}

select
    *,
    cast(null as date) as {{ previous_date }}
from latest_records
{%- endif %}
{%- endif %}
{% endmacro %}
