{#
    The ledger rows of files bronze read in this run and took no line of, with
    why: gone by the time bronze read it (`vanished`), not gzip under a
    `.gz` name (`not_gzip`), a gzip that breaks before its first line ends
    (`corrupt_gzip`), or `loaded` with no line: blank lines only, or an empty
    gzip. Only these files' bytes are read (Spark prunes by the path list).
#}
{% macro lineless_files(feed, files) %}
{%- set paths = [] -%}
{%- for file in files -%}
    {%- do paths.append(sql_string(file.path)) -%}
{%- endfor -%}
select
    listed.path as source_file,
    listed.size as file_size_bytes,
    listed.modified_at as file_modified_at,
    case when read_back.reason is null then 'loaded' else 'unreadable' end as status,
    read_back.reason,
    cast(0 as bigint) as lines_taken,
    {{ run_started_at_timestamp() }} as loaded_at
from (
    {%- for file in files %}
    select
        {{ sql_string(file.path) }} as path,
        cast({{ file.size }} as bigint) as size,
        timestamp'{{ file.modified_at.strftime('%Y-%m-%d %H:%M:%S.%f') }}' as modified_at
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
) as listed
left join (
    select
        listed_bytes.path,
        case
            when file_bytes.path is null then 'vanished'
            when file_bytes.path not like '%.gz' then null
            when hex(substring(file_bytes.content, 1, 2)) != '1F8B' then 'not_gzip'
            -- a last line without '\n' decompressed to one byte less than read
            when {{ gzip_decompressed_size('file_bytes.content') }}
                not in (coalesce(file_text.bytes_read, 0), coalesce(file_text.bytes_read, 0) - 1)
                then 'corrupt_gzip'
        end as reason
    from (select explode(array({{ paths | join(', ') }})) as path) as listed_bytes
    left join (
        select
            path,
            content
        from {{ landing_schema() }}.{{ feed }}_files
        where {{ in_list('path', paths) }}
    ) as file_bytes
        on listed_bytes.path = file_bytes.path
    left join (
        select
            _metadata.file_path as path,
            sum(octet_length(value) + 1) as bytes_read
        from {{ source('landing', feed) }}
        where {{ in_list('_metadata.file_path', paths) }}
        group by _metadata.file_path
    ) as file_text
        on listed_bytes.path = file_text.path
) as read_back
    on listed.path = read_back.path
{% endmacro %}
