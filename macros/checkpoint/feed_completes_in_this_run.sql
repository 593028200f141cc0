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
