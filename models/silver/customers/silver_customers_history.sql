{{ feed_history(ref('silver_customers_changes'), 'customers') }}
