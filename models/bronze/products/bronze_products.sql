-- every line of every landed products file, once; see the landed_lines macro
{{ landed_lines('products') }}
