{#
    on-run-end hook: ends the run with an error when a feed stopped in it (a
    fail rule or a circuit breaker; see feed_stop_reasons), naming the feed,
    the rules and offending rows, after the other feeds have completed. It
    raises while the hook compiles: a `select raise_error(...)` would never
    be evaluated by dbt-spark's session method, which runs statements lazily.
#}
{% macro report_stopped_feeds(results) %}
    {%- set merged_models = [] -%}
    {%- for result in results if result.node.resource_type == 'model' and result.status == 'success' -%}
        {%- do merged_models.append(result.node.name) -%}
    {%- endfor -%}
    {%- set messages = [] -%}
    {%- for judged in judged_feeds() if execute and judged.model in merged_models -%}
        {%- set reasons = feed_stop_reasons(judged, processed_through(judged.feed)) -%}
        {%- if reasons -%}
            {%- do messages.append(feed_stop_message(judged, reasons)) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if messages -%}
        {{ exceptions.raise_compiler_error(messages | join('\n')) }}
    {%- endif -%}
    select 'no feed stopped' as stopped_feeds
{% endmacro %}
