-- every line of every landed stores file, once; see the landed_lines macro
{{ landed_lines('stores') }}
