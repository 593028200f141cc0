{% macro judged_feeds() %}
    {%- set judged = [] -%}
    {%- for feed in declared_feeds() -%}
        {%- do judged.append(judged_feed(feed)) -%}
    {%- endfor -%}
    {{ return(judged) }}
{% endmacro %}
