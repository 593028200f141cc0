{#-
    The data-quality log: one row per run and model, for every run that brought
    new bronze rows to the model's feed, counting what happened to them. It
    reads the same window as the feed's checkpoint (its bronze rows loaded
    since its last completed run) after
    silver has merged it, so every valid line is classified against the
    version the table now holds (see the dq_counts macro):
    rows_read = rows_dropped + rows_written + redeliveries + stale_versions_ignored.
    A feed's `bronze_<feed>` row counts files, from the file ledger: read,
    unreadable (dropped) and cut short (warned).
    Appended, or merged on (processed_after, model_name) when the table holds
    rows of the window already: a run that dies after logging, and before the
    checkpoint, is run again over the same window, and its row replaces the
    dead run's, so the reads of all rows still add up to bronze.
-#}
{{ config(incremental_strategy='append_new_window', window_rows='processed_after = {start}',
          unique_key=['processed_after', 'model_name']) }}
{{ dq_run_log_select(is_incremental(), ref) }}
