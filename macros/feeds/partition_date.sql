{% macro partition_date(feed) %}
    {%- set declared = feed_declaration(feed) -%}
    {%- if not declared.date_column -%}
        {{ exceptions.raise_compiler_error("feed '" ~ feed ~ "' (var `feeds`) declares no `date`: add "
            ~ "`date: {<column>: <timestamp field>}` to partition it by date") }}
    {%- endif -%}
    to_date({{ declared.date_from }}) as {{ declared.date_column }}
{%- endmacro %}
