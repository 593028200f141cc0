{#
    Whether the incremental model being built has anything new to write in
    this run: for a bronze model, landed files it has not read; for every
    other model, new bronze rows (after the checkpoint) in at least one of
    the feeds it descends from. Every model of this project reads only those
    windows, so without them its write would change nothing, and it is
    skipped (dbt_spark_get_incremental_sql): no MERGE, no replace, no append,
    no Delta commit. A first build or --full-refresh always writes.
#}
{% macro has_new_input() %}
    {%- if not is_incremental() -%}
        {{ return(true) }}
    {%- endif -%}
    {%- if model.name.startswith('bronze_') -%}
        {{ return(new_landed_files(model.name[7:]) | length > 0) }}
    {%- endif -%}
    {%- set feeds = feeds_upstream_of(model.unique_id) -%}
    {%- for feed in feeds if feed_window(feed).has_new_rows -%}
        {{ return(true) }}
    {%- endfor -%}
    {#- a model reading no landing feed is always written -#}
    {{ return(feeds | length == 0) }}
{% endmacro %}
