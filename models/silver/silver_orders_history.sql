{{
    config(
        incremental_strategy='replace_keys',
        replace_keys_on=['order_id'],
        replace_keys_from='silver_orders_changes',
    )
}}
{#-
    SCD type 2 history of every order from its change feed (AUTO CDC
    semantics, see the change_history macro). `updated_at` shows when the
    version last changed but opens no version by itself: a change that only
    touches it is not a new state of the order.
-#}

{{ change_history(
    ref('silver_orders_changes'),
    keys=['order_id'],
    sequence_by='sequence_num',
    apply_as_deletes="op = 'delete'",
    ignore_null_updates=true,
    except_columns=[
        'op', 'record_hash', 'ingest_time', 'replaced_order_date',
        'source_file', 'line_number', 'bronze_loaded_at',
    ],
    track_history_except_columns=['updated_at'],
) }}
