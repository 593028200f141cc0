{% macro reprocess_range(feed) %}
    {#- vars come from YAML: an unquoted 2025-04-01 arrives as a date, so compare as text -#}
    {%- set given = {'reprocess_from': var('reprocess_from', none), 'reprocess_to': var('reprocess_to', none)} -%}
    {%- if given.values() | select('none') | list | length == 2 -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set dates = {} -%}
    {%- for name, value in given.items() -%}
        {%- set text = '' if value is none else (value ~ '') -%}
        {%- set parts = text.split('-') | map('int') | list if modules.re.match('^\\d{4}-\\d{2}-\\d{2}$', text) else [] -%}
        {%- set real_date = parts and 1 <= parts[1] <= 12 and 1 <= parts[2] <= (
            (modules.datetime.date(parts[0], parts[1], 28) + modules.datetime.timedelta(days=4)).replace(day=1)
            - modules.datetime.timedelta(days=1)).day -%}
        {%- if not real_date -%}
            {{ exceptions.raise_compiler_error(
                "--vars reprocess_from and reprocess_to take two dates (yyyy-mm-dd), the first and last "
                ~ "partition date to re-derive; " ~ name ~ " is " ~ (("'" ~ text ~ "'") if value is not none else 'missing')) }}
        {%- endif -%}
        {%- do dates.update({name: text}) -%}
    {%- endfor -%}
    {%- if dates.reprocess_from > dates.reprocess_to -%}
        {{ exceptions.raise_compiler_error(
            "--vars reprocess_from (" ~ dates.reprocess_from ~ ") is after reprocess_to (" ~ dates.reprocess_to ~ ")") }}
    {%- endif -%}
    {%- set declared = feed_declaration(feed) -%}
    {#- change feeds keep every change and rebuild their history by key: only facts are reprocessed by date -#}
    {%- if declared.sequence or not declared.date_column -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set between = "between date'" ~ dates.reprocess_from ~ "' and date'" ~ dates.reprocess_to ~ "'" -%}
    {{ return({
        'first': dates.reprocess_from,
        'last': dates.reprocess_to,
        'date_column': declared.date_column,
        'between': between,
        'condition': declared.date_column ~ ' ' ~ between,
    }) }}
{% endmacro %}
