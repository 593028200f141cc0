{% macro has_new_input() %}
    {%- if not is_incremental() -%}
        {{ return(true) }}
    {%- endif -%}
    {%- if model.name.startswith('bronze_') -%}
        {{ return(new_landed_files(model.name[7:]) | length > 0) }}
    {%- endif -%}
    {%- if model.name == 'file_ledger' -%}
        {#- a file bronze read and took no line of is recorded all the same -#}
        {%- for feed in landing_feeds() if run_memo().get('new_landed_files:' ~ feed) -%}
            {{ return(true) }}
        {%- endfor -%}
    {%- endif -%}
    {%- set feeds = feeds_upstream_of(model.unique_id) -%}
    {#- only the feeds landing in this run count: pipeline_runs moves no other
        feed's checkpoint, so another feed's unread rows wait for a run it lands
        in (and its window is not queried at all) -#}
    {%- set landing = landing_feeds() -%}
    {%- for feed in feeds if (feed in landing and feed_window(feed).has_new_rows) or reprocess_range(feed) -%}
        {{ return(true) }}
    {%- endfor -%}
    {#- a model that descends from no feed at all is always written -#}
    {{ return(feeds | length == 0) }}
{% endmacro %}
