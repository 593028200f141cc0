{% macro the_feed_of_this_model() %}
    {%- set feeds = feeds_upstream_of(model.unique_id) -%}
    {%- if feeds | length != 1 -%}
        {{ exceptions.raise_compiler_error(
            model.name ~ " reads the landing feeds " ~ feeds ~ ": pass the feed to processed_through(feed)") }}
    {%- endif -%}
    {{ return(feeds[0]) }}
{% endmacro %}
