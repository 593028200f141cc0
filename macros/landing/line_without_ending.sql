{% macro line_without_ending(line, line_number) %}
    {#- Byte-wise (through binary), so a line that is not valid UTF-8 keeps its
        bytes exactly: string functions would replace them with U+FFFD. A CR
        before the '\n' is line ending, a byte-order mark before a file's first
        line is encoding, neither is content. -#}
    {%- set without_cr = 'case when endswith(' ~ line ~ ", '\\r') then cast(substring(cast(" ~ line
        ~ ' as binary), 1, octet_length(' ~ line ~ ') - 1) as string) else ' ~ line ~ ' end' -%}
    {{- return(
        'case when ' ~ line_number ~ " = 1 and startswith(" ~ line ~ ", '\\uFEFF') then cast(substring(cast("
        ~ without_cr ~ ' as binary), 4) as string) else ' ~ without_cr ~ ' end'
    ) -}}
{% endmacro %}
