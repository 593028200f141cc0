{% macro current_state(changes, feed) %}
{%- set declared = feed_declaration(feed) -%}
{%- set key = declared.key | first -%}
{%- set sequence = declared.sequence -%}
select
    {{ key }},
    {%- for field in declared.fields if field.name not in (declared.key + ['op', sequence, 'ingest_time']) %}
    {{ latest_non_null(field.name, sequence) }} as {{ field.name }},
    {%- endfor %}
    max({{ sequence }}) as {{ sequence }},
    max_by(ingest_time, {{ sequence }}) as ingest_time,
    max_by(source_file, {{ sequence }}) as source_file,
    max(bronze_loaded_at) as bronze_loaded_at
from ({{ upserts_since_last_delete(changes, key) }}) as upserts_since_last_delete
group by {{ key }}
{%- endmacro %}
