-- every line of every landed sales file, once; see the landed_lines macro
{{ landed_lines('sales') }}
