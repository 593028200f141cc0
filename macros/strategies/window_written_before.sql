{#
    Whether the target already holds rows of this run's window, by the model's
    `window_rows` config: a condition on `{start}`, a window's start (its
    feed's checkpoint), e.g. `bronze_loaded_at > {start}`. A row meets it for
    any feed the run writes only when a run that died after writing, and
    before its checkpoint, left it; a feed without a checkpoint makes every row
    count. A false yes costs a MERGE, never a row.
#}
{% macro window_written_before(target) %}
    {%- set window_rows = config.get('window_rows') -%}
    {%- if not window_rows or '{start}' not in window_rows -%}
        {{ exceptions.raise_compiler_error(
            "incremental_strategy 'append_new_window' needs window_rows, a condition on {start} that rows of"
            ~ " a window meet, e.g. 'bronze_loaded_at > {start}'; got " ~ window_rows) }}
    {%- endif -%}
    {%- set in_windows = [] -%}
    {%- for feed in feeds_upstream_of(model.unique_id) if feed in landing_feeds() and feed_window(feed).has_new_rows -%}
        {%- set start = processed_through(feed) -%}
        {%- do in_windows.append(window_rows | replace('{start}', start) if start else 'true') -%}
    {%- endfor -%}
    {%- set held = run_query(
        'select 1 from ' ~ target ~ ' where ' ~ (in_windows | join(' or ') or 'true') ~ ' limit 1') -%}
    {{ return(held.rows | length > 0) }}
{% endmacro %}
