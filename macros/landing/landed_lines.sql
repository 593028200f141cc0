{% macro landed_lines(feed) %}
{%- set files = new_landed_files(feed) -%}
{%- set paths = [] -%}
{%- for file in files -%}
    {%- do paths.append(sql_string(file.path)) -%}
{%- endfor -%}
{%- set read_only_new = is_incremental() -%}

with read_lines as (

    -- the lines of each file in the order read: a file's splits in order of
    -- their offset, the lines of a split in order
    select
        _metadata.file_path as source_file,
        _metadata.file_modification_time as file_modified_at,
        _metadata.file_block_start as split_start,
        monotonically_increasing_id() as read_order,
        value as line_text
    from {{ source('landing', feed) }}
    {%- if read_only_new %}
    where {{ in_list('_metadata.file_path', paths) }}
    {%- endif %}

),

numbered_lines as (

    select
        source_file,
        file_modified_at,
        row_number() over (partition by source_file order by split_start, read_order) as line_number,
        line_text,
        -- what the file decompressed to: every line and the '\n' after it
        sum(octet_length(line_text) + 1) over (partition by source_file) as bytes_read
    from read_lines

),

gzip_sizes as (

    -- a gzip file ends with its decompressed size (mod 2^32), little-endian
    select
        path as source_file,
        {{ gzip_decompressed_size('content') }} as decompressed_size
    from {{ landing_schema() }}.{{ feed }}_files
    where
        path like '%.gz'
        {%- if read_only_new %}
        and {{ in_list('path', paths) }}
        {%- endif %}

),

exact_lines as (

    select
        numbered_lines.source_file,
        numbered_lines.file_modified_at,
        numbered_lines.line_number,
        {{ line_without_ending('numbered_lines.line_text', 'numbered_lines.line_number') }} as raw_line,
        -- a gzip cut short yields the lines before the cut and no error: its
        -- size trailer tells (a last line without '\n' adds one byte less)
        gzip_sizes.decompressed_size is null
        or gzip_sizes.decompressed_size in (
            numbered_lines.bytes_read % 4294967296, (numbered_lines.bytes_read - 1) % 4294967296
        ) as file_complete
    from numbered_lines
    left join gzip_sizes
        on numbered_lines.source_file = gzip_sizes.source_file

),
{%- if feed_declaration(feed).whole_file %}

landed_records as (

    -- a feed of documents (an API response per file): the file is its one line
    select
        source_file,
        max(file_modified_at) as file_modified_at,
        1 as line_number,
        array_join(
            transform(array_sort(collect_list(struct(line_number, raw_line))), numbered -> numbered.raw_line), '\n'
        ) as raw_line,
        bool_and(file_complete) as file_complete
    from exact_lines
    group by source_file

),
{%- else %}

landed_records as (

    select * from exact_lines

),
{%- endif %}

non_blank_records as (

    select *
    from landed_records
    where trim(raw_line) != ''

)

select
    ---------- keys
    source_file,
    line_number,
    ---------- attributes
    raw_line,
    file_complete,
    ---------- timestamps
    file_modified_at,
    -- one value per invocation: silver and the checkpoint track loads by it
    {{ run_started_at_timestamp() }} as loaded_at
from non_blank_records
{% endmacro %}
