{#
    SCD2 invariant: a key whose latest change in `changes` (by
    `sequence_column`) meets `deleted_condition` has no current version.
#}
{% test scd2_deleted_keys_have_no_current_row(
    model, keys, valid_to, changes, sequence_column, deleted_condition, current_valid_to=none
) %}

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

deleted_keys as (

    select {{ keys | join(', ') }}
    from latest_changes
    where change_rank = 1 and is_deleted

)

select history.*
from history
inner join deleted_keys
    on {{ same_keys(keys, 'history', 'deleted_keys') }}
where {{ scd2_is_current('history.' ~ valid_to, current_valid_to) }}

{% endtest %}
