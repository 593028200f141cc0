{% macro gzip_decompressed_size(content) %}
    {#- ISIZE, the last four bytes of a gzip member, little-endian -#}
    {%- set trailer = 'hex(substring(' ~ content ~ ', -4, 4))' -%}
    {{- return(
        'cast(conv(concat(substring(' ~ trailer ~ ', 7, 2), substring(' ~ trailer ~ ', 5, 2), substring('
        ~ trailer ~ ', 3, 2), substring(' ~ trailer ~ ', 1, 2)), 16, 10) as bigint)'
    ) -}}
{% endmacro %}
