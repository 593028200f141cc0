{#
    The partitions (values of `column`, as SQL literals) that the model
    `listing_model` lists for gold to rebuild in this run. Queried once per
    run (see run_memo): each gold model and its replace_partitions strategy
    read the same answer instead of running the query again.
#}
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
