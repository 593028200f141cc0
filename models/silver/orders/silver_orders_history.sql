{#-
    `updated_at` shows when the version last changed but opens no version by
    itself: a change that only touches it is not a new state of the order.
-#}
{{ feed_history(
    ref('silver_orders_changes'), 'orders',
    except_columns=['replaced_order_date'], track_history_except_columns=['updated_at'],
) }}
