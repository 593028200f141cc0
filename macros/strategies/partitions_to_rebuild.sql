{% macro partitions_to_rebuild(listing_model, column) %}
    {%- set memo = run_memo() if execute else {} -%}
    {%- set memo_key = 'partitions_to_rebuild:' ~ listing_model ~ ':' ~ column -%}
    {#- a run without new rows for the model rebuilds nothing: no query -#}
    {%- if execute and not has_new_input() -%}
        {{ return([]) }}
    {%- endif -%}
    {%- if memo_key not in memo -%}
        {%- do memo.update({memo_key: distinct_values(ref(listing_model), column)}) -%}
    {%- endif -%}
    {#- a copy: callers add to the list they get -#}
    {{ return(memo[memo_key] | list) }}
{% endmacro %}
