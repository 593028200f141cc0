{% macro feed_history(changes_relation, feed, except_columns=[], track_history_except_columns=[]) %}
    {%- set declared = feed_declaration(feed) -%}
    {{ change_history(
        changes_relation,
        keys=declared.key,
        sequence_by=declared.sequence,
        apply_as_deletes="op = 'delete'",
        ignore_null_updates=true,
        except_columns=['op', 'record_hash', 'ingest_time', 'source_file', 'line_number', 'bronze_loaded_at']
            + except_columns,
        track_history_except_columns=track_history_except_columns,
    ) }}
{%- endmacro %}
