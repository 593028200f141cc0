{#
    The rules every line of a JSON Lines feed meets before it is parsed, ahead
    of the feed's declared expectations: its bytes are UTF-8, and it is no
    longer than var `max_line_bytes`. Contract rules: always drop. A
    whole-file feed (a document per file) has none.
#}
{% macro line_expectations(model_name) %}
    {%- set feeds = var('feeds', {}) -%}
    {%- for feed, spec in feeds.items()
            if model_name == 'silver_' ~ feed ~ '_validated' and not spec.get('whole_file') -%}
        {{ return([
            {'name': 'invalid_utf8', 'condition': 'is_valid_utf8(raw_line)', 'action': 'drop',
             'circuit_breaker': none},
            {'name': 'line_too_long', 'condition': 'octet_length(raw_line) <= ' ~ max_line_bytes(),
             'action': 'drop', 'circuit_breaker': none},
        ]) }}
    {%- endfor -%}
    {{ return([]) }}
{% endmacro %}

{% macro max_line_bytes() %}
    {%- set limit = var('max_line_bytes') -%}
    {%- if limit is not number or limit is sameas true or limit is sameas false or limit < 1024 -%}
        {{ exceptions.raise_compiler_error(
            "var max_line_bytes: the longest line parsed, in bytes, a whole number of at least 1024; got '"
            ~ limit ~ "'") }}
    {%- endif -%}
    {{ return(limit | int) }}
{% endmacro %}
