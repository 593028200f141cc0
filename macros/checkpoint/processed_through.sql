{% macro processed_through(feed=none) %}
    {%- if not execute -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(feed_window(feed or the_feed_of_this_model()).start) }}
{% endmacro %}
