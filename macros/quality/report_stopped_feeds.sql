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
