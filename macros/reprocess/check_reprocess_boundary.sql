{% macro check_reprocess_boundary(feed, reprocessed) %}
    {%- set memo = run_memo() -%}
    {%- if ('reprocess_boundary:' ~ feed) in memo -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set declared = feed_declaration(feed) -%}
    {%- set keys = declared.merge_keys -%}
    {%- set date_column = declared.date_column -%}
    {%- set qualified_keys = [] -%}
    {%- for key in keys -%}
        {%- do qualified_keys.append('cast(latest_records.' ~ key ~ ' as string)') -%}
    {%- endfor -%}
    {%- set conflicts = run_query(
        'with latest_records as (' ~ latest_new_records(model_relation(declared.validated), keys, whole_feed=true) ~ ')'
        ~ " select concat_ws(', ', " ~ qualified_keys | join(', ') ~ ') as record_key,'
        ~ ' cast(held.' ~ date_column ~ ' as string) as held_date,'
        ~ ' cast(latest_records.' ~ date_column ~ ' as string) as reprocessed_date'
        ~ ' from latest_records join ' ~ model_relation(declared.model) ~ ' as held on '
        ~ same_keys(keys, 'latest_records', 'held')
        ~ ' where (latest_records.' ~ date_column ~ ' ' ~ reprocessed.between ~ ')'
        ~ ' <> (held.' ~ date_column ~ ' ' ~ reprocessed.between ~ ')'
        ~ ' order by 1 limit 5'
    ) -%}
    {%- if conflicts.rows | length > 0 -%}
        {%- set example = conflicts.rows[0] -%}
        {{ exceptions.raise_compiler_error(
            "reprocess " ~ reprocessed.first ~ " to " ~ reprocessed.last ~ " (feed " ~ feed ~ "): "
            ~ (conflicts.rows | length) ~ (" or more" if conflicts.rows | length == 5 else "")
            ~ " records would move across the range's edge, e.g. " ~ keys | join('/') ~ " " ~ example['record_key']
            ~ " from " ~ example['held_date'] ~ " to " ~ example['reprocessed_date']
            ~ ": widen reprocess_from/reprocess_to to cover both dates. Nothing was written.") }}
    {%- endif -%}
    {%- do memo.update({'reprocess_boundary:' ~ feed: true}) -%}
{% endmacro %}
