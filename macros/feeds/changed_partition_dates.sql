{% macro changed_partition_dates(feed, merged) %}
{%- set date_column = feed_declaration(feed).date_column -%}
{%- set window_start = processed_through(feed) -%}
{%- set reprocessed = reprocess_range(feed) -%}
{%- if reprocessed -%}
{#- every date of the range: one whose rows all left silver must be emptied too -#}
select explode(sequence(date'{{ reprocessed.first }}', date'{{ reprocessed.last }}', interval 1 day)) as {{ date_column }}
{%- else -%}
select {{ date_column }}
from {{ merged }}
where {{ loaded_after('bronze_loaded_at', window_start) }}
union
select previous_{{ date_column }} as {{ date_column }}
from {{ merged }}
where
    {{ loaded_after('bronze_loaded_at', window_start) }}
    and previous_{{ date_column }} is not null
{%- endif %}
{%- endmacro %}
