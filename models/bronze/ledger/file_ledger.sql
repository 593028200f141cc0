{#-
    One row per landed file bronze has looked at, written in the run that read
    it: what bronze took of it (`loaded`, `partial`: a gzip cut short, whose
    lines before the cut are in bronze) or why it could not read it at all
    (`unreadable`). Bronze reads only files the ledger does not name, so a
    file is recorded, and read, once.
-#}
{{ config(materialized='incremental', incremental_strategy='append') }}
{%- for feed in landing_feeds() %}
-- depends_on: {{ ref('bronze_' ~ feed) }}
{%- endfor %}
{%- set feeds = file_ledger_feeds() %}

with recorded_files as (

    {%- if is_incremental() %}
    select
        feed,
        source_file
    from {{ this }}
    {%- else %}
    select
        cast(null as string) as feed,
        cast(null as string) as source_file
    where false
    {%- endif %}

),
{%- for feed in feeds %}

{{ feed.name }}_taken_files as (

    -- files bronze holds lines of and the ledger does not name yet (this
    -- run's, and those of a run that died before it recorded them)
    select
        source_file,
        max(file_modified_at) as file_modified_at,
        count(*) as lines_taken,
        -- lines loaded before bronze had the column came from whole files
        bool_and(coalesce(file_complete, true)) as file_complete,
        min(loaded_at) as loaded_at
    from {{ feed.bronze }}
    where {{ loaded_after('loaded_at', feed.since) }}
    group by source_file

),

{{ feed.name }}_files as (

    select
        taken.source_file,
        listed.length as file_size_bytes,
        taken.file_modified_at,
        case when taken.file_complete then 'loaded' else 'partial' end as status,
        case when taken.file_complete then null else 'gzip_cut_short' end as reason,
        taken.lines_taken,
        taken.loaded_at
    from {{ feed.name }}_taken_files as taken
    left join {{ landing_schema() }}.{{ feed.name }}_files as listed
        on taken.source_file = listed.path
    {%- if feed.lineless %}

    union all

    {{ lineless_files(feed.name, feed.lineless) | indent(4) }}
    {%- endif %}

),
{%- endfor %}

ledger_rows as (

    {%- for feed in feeds %}
    select
        {{ sql_string(feed.name) }} as feed,
        feed_files.*
    -- a bronze rebuilt alone (--full-refresh) reads its files again: the
    -- ledger names them already
    from {{ feed.name }}_files as feed_files
    left anti join recorded_files as recorded
        on
            feed_files.source_file = recorded.source_file
            and recorded.feed = {{ sql_string(feed.name) }}
    union all
    {%- endfor %}
    -- no landing feed in this run
    select
        cast(null as string) as feed,
        cast(null as string) as source_file,
        cast(null as bigint) as file_size_bytes,
        cast(null as timestamp) as file_modified_at,
        cast(null as string) as status,
        cast(null as string) as reason,
        cast(null as bigint) as lines_taken,
        cast(null as timestamp) as loaded_at
    where false

)

select
    ---------- keys
    feed,
    source_file,
    ---------- attributes
    status,
    reason,
    ---------- measures
    file_size_bytes,
    lines_taken,
    ---------- timestamps
    file_modified_at,
    -- when bronze first read the file (the run's start)
    loaded_at
from ledger_rows
