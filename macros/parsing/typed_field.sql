{% macro typed_field(field) %}
    {%- set text = 'record.' ~ field['from'] -%}
    {%- set type = field.type -%}
    {%- if type == 'text' -%}
        {%- set value = "nullif(trim(" ~ text ~ "), '')" if field.blank_is_null else text -%}
        {{ "coalesce(" ~ value ~ ", " ~ field.default ~ ")" if field.default is not none else value }} as {{ field.name }}
    {%- else -%}
        {%- if type == 'timestamp' and field.format -%}
            {%- set value = "try_to_timestamp(" ~ text ~ ", " ~ sql_string(field.format) ~ ")" -%}
        {%- elif type == 'timestamp' -%}
            {%- set value = parse_event_timestamp(text) | trim -%}
        {%- elif type == 'boolean' -%}
            {%- set value = "case lower(" ~ text ~ ") when 'true' then true when 'false' then false end" -%}
        {%- elif type == 'date' -%}
            {%- set value = "case when " ~ text ~ " rlike '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' then try_cast("
                ~ text ~ " as date) end" -%}
        {%- elif type in ('int', 'bigint') -%}
            {%- set digits = 9 if type == 'int' else 18 -%}
            {%- set value = "case when " ~ text ~ " rlike '^" ~ ('-?' if field.signed else '') ~ "[0-9]{1,"
                ~ digits ~ "}$' then cast(" ~ text ~ " as " ~ type ~ ") end" -%}
        {%- else -%}
            {%- set value = "try_cast(" ~ text ~ " as " ~ type ~ ")" -%}
        {%- endif -%}
        {%- if field.default is not none -%}
            {%- set value = "cast(coalesce(" ~ value ~ ", case when " ~ text ~ " is null then " ~ field.default
                ~ " end) as " ~ type ~ ")" -%}
        {%- endif -%}
        {{ text }} as {{ field.name }}_text,
            {{ value }} as {{ field.name }}
    {%- endif -%}
{%- endmacro %}
