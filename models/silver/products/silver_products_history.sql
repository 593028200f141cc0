{{ feed_history(ref('silver_products_changes'), 'products') }}
