{% macro reprocess_sql(target, source) %}
    {%- if var('reprocess_from', none) is none and var('reprocess_to', none) is none -%}
        {{ return('') }}
    {%- endif -%}
    {%- set feeds = feeds_upstream_of(model.unique_id) -%}
    {%- set declared = feed_declaration(feeds[0]) if feeds | length == 1 else none -%}
    {%- set reprocessed = reprocess_range(feeds[0]) if declared else none -%}
    {%- if not reprocessed or model.name not in (declared.model, declared.quarantine) -%}
        {{ return('') }}
    {%- endif -%}
    {#- both tables check before either writes, so a refused range leaves both as they were -#}
    {%- do check_reprocess_boundary(feeds[0], reprocessed) -%}
    {%- if model.name == declared.model -%}
        {{ return(replace_where_sql(target, source, reprocessed.condition)) }}
    {%- endif -%}
    {#- the quarantine: the range's lines judged again, valid ones leave it -#}
    merge into {{ target }} as held
    using {{ source }} as rejudged
    on held.source_file = rejudged.source_file and held.line_number = rejudged.line_number
    when matched and rejudged.quarantine_reason is null then delete
    when matched then update set *
    when not matched and rejudged.quarantine_reason is not null then insert *
{% endmacro %}
