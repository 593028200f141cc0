{% macro has_new_input() %}
    {%- if not is_incremental() -%}
        {{ return(true) }}
    {%- endif -%}
    {%- if model.name.startswith('bronze_') -%}
        {{ return(new_landed_files(model.name[7:]) | length > 0) }}
    {%- endif -%}
    {%- set feeds = feeds_upstream_of(model.unique_id) -%}
    {%- for feed in feeds if feed_window(feed).has_new_rows or reprocess_range(feed) -%}
        {{ return(true) }}
    {%- endfor -%}
    {#- a model reading no landing feed is always written -#}
    {{ return(feeds | length == 0) }}
{% endmacro %}
