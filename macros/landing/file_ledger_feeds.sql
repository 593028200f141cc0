{#
    What the file ledger records per landing feed in this run: bronze's rows
    loaded after the ledger's latest entry for the feed (`since`), and the
    files bronze listed in this run and took no line of (`lineless`):
    unreadable, or holding nothing but blank lines.
#}
{% macro file_ledger_feeds() %}
    {%- set recorded_through = {} -%}
    {%- if execute and is_incremental() -%}
        {%- for row in run_query('select feed, max(loaded_at) from ' ~ this ~ ' group by feed').rows -%}
            {%- do recorded_through.update({row[0]: "timestamp'" ~ row[1].strftime('%Y-%m-%d %H:%M:%S.%f') ~ "'"}) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- set feeds = [] -%}
    {%- for feed in landing_feeds() if execute -%}
        {%- set bronze = ref('bronze_' ~ feed) -%}
        {%- set listed = run_memo().get('new_landed_files:' ~ feed, []) -%}
        {%- set taken = [] -%}
        {%- if listed -%}
            {%- set taken = run_query(
                'select distinct source_file from ' ~ bronze ~ ' where loaded_at = ' ~ run_started_at_timestamp()
            ).columns[0].values() -%}
        {%- endif -%}
        {%- do feeds.append({
            'name': feed,
            'bronze': bronze,
            'since': recorded_through.get(feed),
            'lineless': listed | rejectattr('path', 'in', taken) | list,
        }) -%}
    {%- endfor -%}
    {{ return(feeds) }}
{% endmacro %}
