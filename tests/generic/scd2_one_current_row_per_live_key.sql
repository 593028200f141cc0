{#
    SCD2 invariant: every live key has exactly one current version, and no
    key has more than one. A key is live when its latest change in `changes`
    (by `sequence_column`) does not meet `deleted_condition`. Works on
    change-history tables (`__end_at` null while current) and on snapshots
    (pass `current_valid_to`, e.g. "to_timestamp('9999-12-31')", for the
    far-future `dbt_valid_to` of current rows).
#}
{% test scd2_one_current_row_per_live_key(
    model, keys, valid_to, changes, sequence_column, deleted_condition='false', current_valid_to=none
) %}
{%- set key_values = [] -%}
{%- for key in keys -%}
    {%- do key_values.append('coalesce(live_keys.' ~ key ~ ', current_rows.' ~ key ~ ') as ' ~ key) -%}
{%- endfor -%}
{%- set key_values = key_values | join(', ') %}

with history as (

    select * from {{ model }}

),

changes as (

    select * from {{ changes }}

),

latest_changes as (

    select
        {{ keys | join(', ') }},
        coalesce({{ deleted_condition }}, false) as is_deleted,
        row_number() over (
            partition by {{ keys | join(', ') }} order by {{ sequence_column }} desc
        ) as change_rank
    from changes

),

live_keys as (

    select {{ keys | join(', ') }}
    from latest_changes
    where change_rank = 1 and not is_deleted

),

current_rows as (

    select
        {{ keys | join(', ') }},
        count(*) as current_rows
    from history
    where {{ scd2_is_current(valid_to, current_valid_to) }}
    group by {{ keys | join(', ') }}

)

select
    {{ key_values }},
    live_keys.{{ keys[0] }} is not null as is_live,
    coalesce(current_rows.current_rows, 0) as current_rows
from live_keys
full outer join current_rows
    on {{ same_keys(keys, 'live_keys', 'current_rows') }}
where
    coalesce(current_rows.current_rows, 0) > 1
    or (live_keys.{{ keys[0] }} is not null and current_rows.current_rows is null)

{% endtest %}
