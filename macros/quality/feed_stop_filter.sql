{% macro feed_stop_filter(window_start) %}
    {%- if execute and feed_stop_reasons(judged_feed(the_feed_of_this_model()), window_start) -%}
        {{- '\n        -- the feed stops in this run (a fail rule or circuit breaker): take nothing\n        and false' -}}
    {%- endif -%}
{% endmacro %}
