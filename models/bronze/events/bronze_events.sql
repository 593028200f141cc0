-- every line of every landed events file, once; see the landed_lines macro
{{ landed_lines('events') }}
