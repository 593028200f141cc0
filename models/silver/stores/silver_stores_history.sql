{{ feed_history(ref('silver_stores_changes'), 'stores') }}
