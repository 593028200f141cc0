{{ config(incremental_strategy='replace_keys', replace_keys_on=['store_id']) }}
{#-
    Every version of each store_id from its change records (AUTO CDC semantics,
    see the change_history macro): ordered by updated_at whatever the arrival
    order, null fields keep the previous value, a delete closes the open
    version. Technical and lineage columns never appear, so they never open
    a version.
-#}

{{ change_history(
    ref('silver_stores_changes'),
    keys=['store_id'],
    sequence_by='updated_at',
    apply_as_deletes="op = 'delete'",
    ignore_null_updates=true,
    except_columns=['op', 'record_hash', 'ingest_time', 'source_file', 'line_number', 'bronze_loaded_at']
) }}
