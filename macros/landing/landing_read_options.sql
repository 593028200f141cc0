{% macro landing_read_options() %}
    {#- a file that cannot be read (a cut gzip, a vanished file) is skipped, not
        fatal: what it yielded is kept and the file ledger records the rest -#}
    {{ return(
        "recursiveFileLookup 'true', pathGlobFilter " ~ sql_string(landing_file_glob())
        ~ ", ignoreCorruptFiles 'true', ignoreMissingFiles 'true'"
    ) }}
{% endmacro %}
