{#
    Whether this invocation runs every model downstream of `bronze_<feed>`
    (the checkpoint model itself aside): only then may the feed's checkpoint
    advance. A run that selects part of a feed's models leaves it where it is.
#}
{% macro feed_completes_in_this_run(feed) %}
    {#- while dbt parses, every feed counts, so the model's refs are all seen -#}
    {%- if not execute -%}
        {{ return(true) }}
    {%- endif -%}
    {%- for unique_id in models_downstream_of_feed(feed)
            if unique_id != model.unique_id and unique_id not in selected_resources -%}
        {{ return(false) }}
    {%- endfor -%}
    {{ return(true) }}
{% endmacro %}
