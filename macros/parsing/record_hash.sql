{% macro record_hash(feed) %}
    {%- set declared = feed_declaration(feed) -%}
    {%- set parts = [] -%}
    {%- for field in declared.fields if field.name not in declared.merge_keys and field.name != 'ingest_time' -%}
        {%- if field.added -%}
            {#- named and left out when null (concat_ws skips nulls): a record without the
                field keeps the hash it had before the field was declared -#}
            {%- do parts.append("concat('" ~ field.name ~ "=', cast(" ~ field.name ~ " as string))") -%}
        {%- elif field.type == 'text' -%}
            {%- do parts.append("coalesce(" ~ field.name ~ ", '')") -%}
        {%- elif field.type == 'timestamp' -%}
            {%- do parts.append("coalesce(cast(unix_micros(" ~ field.name ~ ") as string), '')") -%}
        {%- else -%}
            {%- do parts.append("coalesce(cast(" ~ field.name ~ " as string), '')") -%}
        {%- endif -%}
    {%- endfor -%}
    sha2(concat_ws('|', {{ parts | join(', ') }}), 256)
{%- endmacro %}
