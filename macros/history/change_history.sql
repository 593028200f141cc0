{% macro change_history(
    changes_relation,
    keys,
    sequence_by,
    apply_as_deletes=none,
    ignore_null_updates=true,
    except_columns=[],
    track_history_except_columns=[],
    loaded_at_column='bronze_loaded_at'
) %}
    {%- set excluded = (keys + [sequence_by] + except_columns) | map('lower') | list -%}
    {%- set untracked = track_history_except_columns | map('lower') | list -%}
    {%- set attributes = [] -%}
    {%- set tracked = [] -%}
    {%- if execute -%}
        {%- for column in adapter.get_columns_in_relation(changes_relation) -%}
            {%- if column.name | lower not in excluded -%}
                {%- do attributes.append(column.name) -%}
                {%- if column.name | lower not in untracked -%}
                    {%- do tracked.append(column.name) -%}
                {%- endif -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {%- set key_list = keys | join(', ') -%}
    {%- set checkpoint = processed_through() if is_incremental() else none -%}
    {%- set by_key = 'partition by ' ~ key_list ~ ' order by ' ~ sequence_by -%}

with all_changes as (

    select * from {{ changes_relation }}

),

{% if checkpoint %}
touched_keys as (

    select distinct {{ key_list }}
    from all_changes
    where {{ loaded_after(loaded_at_column, checkpoint) }}

),

changes_of_touched_keys as (

    select all_changes.*
    from all_changes
    left semi join touched_keys
        on {% for key in keys %}all_changes.{{ key }} = touched_keys.{{ key }}{{ ' and ' if not loop.last }}{% endfor %}

),
{% else %}
changes_of_touched_keys as (

    select * from all_changes

),
{% endif %}

-- the apply-as-delete condition reads the change as received, before any
-- except column is dropped
flagged_changes as (

    select
        {{ key_list }},
        {{ sequence_by }},
        coalesce({{ apply_as_deletes or 'false' }}, false) as __is_delete,
        {%- for column in attributes %}
        {{ column }},
        {%- endfor %}
        sha2(to_json(struct(
            coalesce({{ apply_as_deletes or 'false' }}, false){% for column in attributes %}, {{ column }}{% endfor %}
        )), 256) as __content_hash
    from changes_of_touched_keys

),

deduplicated_changes as (

    select *
    from (
        select
            *,
            row_number() over (
                partition by {{ key_list }}, {{ sequence_by }} order by __content_hash desc
            ) as __duplicate_rank
        from flagged_changes
    )
    where __duplicate_rank = 1

),

-- a delete ends the key's life: what follows it starts from nothing
changes_with_lifetime as (

    select
        *,
        sum(cast(__is_delete as int)) over ({{ by_key }}) - cast(__is_delete as int) as __lifetime
    from deduplicated_changes

),

filled_changes as (

    select
        {{ key_list }},
        {{ sequence_by }},
        __is_delete,
        {%- for column in attributes %}
        {%- if ignore_null_updates %}
        -- ignore null updates: a missing value keeps the one before it
        last({{ column }}, true) over (
            partition by {{ key_list }}, __lifetime order by {{ sequence_by }}
            rows between unbounded preceding and current row
        ) as {{ column }},
        {%- else %}
        {{ column }},
        {%- endif %}
        {%- endfor %}
        lag(__is_delete) over ({{ by_key }}) as __follows_delete
    from changes_with_lifetime

),

-- a row opens a version when the key had none, or when a tracked column
-- changed; a delete closes the open version (a delete of nothing is a no-op)
change_boundaries as (

    select
        *,
        to_json(struct({{ tracked | join(', ') if tracked else 'null' }})) as __tracked_values
    from filled_changes

),

boundaries_marked as (

    select
        *,
        case
            when __is_delete then coalesce(not __follows_delete, false)
            when __follows_delete is null or __follows_delete then true
            else not (__tracked_values <=> lag(__tracked_values) over ({{ by_key }}))
        end as __is_boundary
    from change_boundaries

),

boundaries_numbered as (

    select
        *,
        sum(cast(__is_boundary as int)) over ({{ by_key }}) as __version_number,
        -- where the next version (or the delete) begins
        min(case when __is_boundary then {{ sequence_by }} end) over (
            {{ by_key }} rows between 1 following and unbounded following
        ) as __next_boundary_at
    from boundaries_marked

),

versions as (

    select
        {{ key_list }},
        {%- for column in attributes %}
        {%- if column | lower in untracked %}
        -- untracked columns take the version's latest value, as AUTO CDC
        -- updates them in place
        last({{ column }}) over (
            partition by {{ key_list }}, __version_number order by {{ sequence_by }}
            rows between unbounded preceding and unbounded following
        ) as {{ column }},
        {%- else %}
        {{ column }},
        {%- endif %}
        {%- endfor %}
        {{ sequence_by }} as __start_at,
        __next_boundary_at as __end_at,
        __is_boundary,
        __is_delete
    from boundaries_numbered

)

select
    ---------- keys
    {{ key_list }},
    ---------- attributes
    {%- for column in attributes %}
    {{ column }},
    {%- endfor %}
    ---------- validity
    __start_at,
    __end_at,
    __end_at is null as is_current
from versions
where __is_boundary and not __is_delete
{%- endmacro %}
