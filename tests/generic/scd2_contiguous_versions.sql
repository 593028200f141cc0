{#
    SCD2 invariant: the versions of a key neither overlap nor leave gaps.
    Each interval is non-empty, only the last version may be current, and
    the next version starts where the previous one ends; it may start later
    only after a delete, i.e. when `changes` (if given) holds a change of the
    key at the closing value (`sequence_column` = `valid_to`) that meets
    `deleted_condition`. Without `changes`, every gap fails.
#}
{% test scd2_contiguous_versions(
    model, keys, valid_from, valid_to, current_valid_to=none,
    changes=none, sequence_column=none, deleted_condition='false'
) %}
{%- set deletes_source = changes if changes is not none else 'history' -%}
{%- set deleted_at = sequence_column if changes is not none else valid_to -%}
{%- set deleted_filter = deleted_condition if changes is not none else 'false' -%}
{%- set same_keys = same_keys(keys, 'consecutive_versions', 'deletes') -%}

with history as (

    select * from {{ model }}

),

-- without a change feed, no delete explains a gap
deletes as (

    select distinct
        {{ keys | join(', ') }},
        {{ deleted_at }} as deleted_at
    from {{ deletes_source }}
    where coalesce({{ deleted_filter }}, false)

),

consecutive_versions as (

    select
        {{ keys | join(', ') }},
        {{ valid_from }} as valid_from,
        {{ valid_to }} as valid_to,
        {{ scd2_is_current(valid_to, current_valid_to) }} as is_current,
        lead({{ valid_from }}) over (
            partition by {{ keys | join(', ') }} order by {{ valid_from }}
        ) as next_valid_from
    from history

),

judged as (

    select
        consecutive_versions.*,
        case
            when not is_current and valid_to <= valid_from then 'empty_interval'
            when next_valid_from is null then null
            when is_current then 'current_version_is_not_the_last'
            when next_valid_from < valid_to then 'overlap'
            when next_valid_from > valid_to and deletes.deleted_at is null then 'gap_without_delete'
        end as problem
    from consecutive_versions
    left join deletes
        on {{ same_keys }} and consecutive_versions.valid_to = deletes.deleted_at

)

select *
from judged
where problem is not null

{% endtest %}
