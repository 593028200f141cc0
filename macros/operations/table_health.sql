{#-
    Per table: data files, bytes, Delta versions and small files (under
    small_file_mb), the signs that optimize (many small files) or vacuum
    (many versions) is due. Printed, and returned for callers.
-#}
{% macro table_health(small_file_mb=32) %}
    {%- set report = [] -%}
    {%- set tables = lakehouse_tables() -%}
    {%- for table in tables -%}
        {%- set detail = run_query('describe detail ' ~ table.relation).rows[0] -%}
        {%- set files = run_query(
            'select count(*), count_if(file_size < ' ~ (small_file_mb * 1024 * 1024) | int ~ ') from (select distinct'
            ~ ' _metadata.file_path, _metadata.file_size from ' ~ table.relation ~ ')').rows[0] -%}
        {%- do report.append({
            'table': table.relation | string, 'files': detail['numFiles'], 'bytes': detail['sizeInBytes'],
            'versions': delta_version(table.relation) + 1, 'small_files': files[1],
        }) -%}
    {%- endfor -%}
    {{ log('table_health: ' ~ tables | length ~ ' tables (small: under ' ~ small_file_mb ~ ' MB)', info=true) }}
    {{ log('%-60s %8s %14s %9s %12s' | format('table', 'files', 'bytes', 'versions', 'small files'), info=true) }}
    {%- for row in report -%}
        {{ log('%-60s %8d %14d %9d %12d' | format(row.table, row.files, row.bytes, row.versions, row.small_files),
            info=true) }}
    {%- endfor -%}
    {{ return(report) }}
{% endmacro %}
