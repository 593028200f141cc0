{% macro upserts_since_last_delete(changes_relation, key_column) %}
with changes as (

    select * from {{ changes_relation }}

),

last_deletes as (

    select
        {{ key_column }},
        max(updated_at) as deleted_at
    from changes
    where op = 'delete'
    group by {{ key_column }}

)

select changes.*
from changes
left join last_deletes
    on changes.{{ key_column }} = last_deletes.{{ key_column }}
where
    changes.op = 'upsert'
    and (last_deletes.deleted_at is null or changes.updated_at > last_deletes.deleted_at)
{% endmacro %}
