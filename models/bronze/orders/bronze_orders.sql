-- every line of every landed orders file, once; see the landed_lines macro
{{ landed_lines('orders') }}
