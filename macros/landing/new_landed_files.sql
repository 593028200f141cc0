{#
    The files of a feed that bronze reads in this run, each {path, size,
    modified_at}: every listed file when bronze is built in full, else the
    listed files the file ledger does not name. A load that died after
    bronze appended and before the ledger recorded it left bronze rows newer
    than the ledger's latest entry: those files count as read too. Both
    lookups stay small as history grows (the ledger has a row per file, and
    Delta skips every bronze file loaded before the ledger's latest entry).
    Queried once per run (run_memo); the file ledger reads the same list to
    record what bronze took of each file.
#}
{% macro new_landed_files(feed) %}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set memo = run_memo() -%}
    {%- set memo_key = 'new_landed_files:' ~ feed -%}
    {%- if memo_key not in memo -%}
        {%- set bronze = model_relation('bronze_' ~ feed) -%}
        {%- set ledger = model_relation('file_ledger') -%}
        {%- set read_already = [] -%}
        {%- if bronze is not none and ledger is not none -%}
            {%- set latest = run_query(
                'select max(loaded_at) from ' ~ ledger ~ ' where feed = ' ~ sql_string(feed)
            ).columns[0].values()[0] -%}
            {%- set since = "timestamp'" ~ latest.strftime('%Y-%m-%d %H:%M:%S.%f') ~ "'" if latest else none -%}
            {%- do read_already.append('select source_file from ' ~ ledger ~ ' where feed = ' ~ sql_string(feed)) -%}
            {%- do read_already.append(
                'select source_file from ' ~ bronze ~ ' where ' ~ loaded_after('loaded_at', since)) -%}
        {%- elif bronze is not none -%}
            {#- a lakehouse from before the ledger: bronze alone says what it read -#}
            {%- do read_already.append('select source_file from ' ~ bronze) -%}
        {%- endif -%}
        {%- set query -%}
            select listed.path, listed.length, listed.modificationTime
            from {{ landing_schema() }}.{{ feed }}_files as listed
            {%- for read in read_already if is_incremental() %}
            left anti join ({{ read }}) as read_{{ loop.index }}
                on listed.path = read_{{ loop.index }}.source_file
            {%- endfor %}
            order by 1
        {%- endset -%}
        {%- set files = [] -%}
        {#- no listing when the landing tables were not registered: a feed
            left out by var landing_feeds, or a command that runs no hooks
            (`dbt docs generate`, `dbt compile`) on a new metastore -#}
        {%- set listing = adapter.get_relation(
            database=target.get('database'), schema=landing_schema(), identifier=feed ~ '_files') -%}
        {%- for row in (run_query(query).rows if listing is not none else []) -%}
            {%- do files.append({'path': row[0], 'size': row[1], 'modified_at': row[2]}) -%}
        {%- endfor -%}
        {%- do memo.update({memo_key: files}) -%}
    {%- endif -%}
    {{ return(memo[memo_key]) }}
{% endmacro %}
