{% macro landed_lines(feed) %}
{%- set new_files = new_landed_files(feed) if is_incremental() else none -%}
{%- set whole_file = feed_declaration(feed).whole_file -%}

with landed_files as (

    select
        _metadata.file_path as source_file,
        _metadata.file_modification_time as file_modified_at,
        value as file_content
    from {{ source('landing', feed) }}
    {%- if new_files is not none %}
    where {{ in_list('_metadata.file_path', new_files) }}
    {%- endif %}

),

file_lines as (

    {%- if whole_file %}

    -- a feed of documents (an API response per file): the file is its one line
    select
        source_file,
        file_modified_at,
        1 as line_number,
        file_content as raw_line
    from landed_files
    {%- else %}

    select
        landed_files.source_file,
        landed_files.file_modified_at,
        numbered_line.position + 1 as line_number,
        -- a CRLF file leaves '\r' on every line: it is line ending, not content
        regexp_replace(numbered_line.line, '\r$', '') as raw_line
    from landed_files
        lateral view posexplode(split(landed_files.file_content, '\n')) numbered_line as position, line
    {%- endif %}

),

non_blank_lines as (

    select *
    from file_lines
    where trim(raw_line) != ''

)

select
    ---------- keys
    source_file,
    line_number,
    ---------- attributes
    raw_line,
    ---------- timestamps
    file_modified_at,
    -- one value per invocation: silver and the checkpoint track loads by it
    {{ run_started_at_timestamp() }} as loaded_at
from non_blank_lines
{% endmacro %}
