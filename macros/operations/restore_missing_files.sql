{#-
    Why a table cannot go back to a version, or '' when it can, read from the
    table's history alone. A version older than the log's retention is gone.
    Otherwise the version's files were last needed when the first change
    after it replaced them; a vacuum that deleted files deleted every file
    replaced before its cutoff (its start minus its retention), so a first
    change before that cutoff means some of the version's files may be gone.
-#}
{% macro restore_missing_files(relation, version) %}
    {%- set history = run_query('describe history ' ~ relation).rows -%}
    {%- set oldest = history | map(attribute='version') | min -%}
    {%- if version < oldest -%}
        {{ return('the log keeps versions ' ~ oldest ~ ' and later only (delta.logRetentionDuration)') }}
    {%- endif -%}
    {%- set changes_after = [] -%}
    {%- for row in history if row['version'] > version and row['operation'] not in ('VACUUM START', 'VACUUM END') -%}
        {%- do changes_after.append(row['timestamp']) -%}
    {%- endfor -%}
    {%- if not changes_after -%}
        {{ return('') }}
    {%- endif -%}
    {%- set replaced_at = changes_after | min -%}
    {%- for row in history if row['version'] > version and row['operation'] == 'VACUUM START' -%}
        {%- set parameters = fromjson(row['operationParameters']) -%}
        {%- set retention_ms = parameters.get('specifiedRetentionMillis') or parameters.get('defaultRetentionMillis') -%}
        {%- set cutoff = row['timestamp'] - modules.datetime.timedelta(milliseconds=retention_ms | int) -%}
        {%- if (fromjson(row['operationMetrics']).get('numFilesToDelete', '0') | int) > 0 and replaced_at < cutoff -%}
            {{ return('the vacuum of ' ~ row['timestamp'] ~ ' (retaining ' ~ (retention_ms | int / 3600000) | round(1)
                ~ ' hours) deleted data files that version needs') }}
        {%- endif -%}
    {%- endfor -%}
    {{ return('') }}
{% endmacro %}
