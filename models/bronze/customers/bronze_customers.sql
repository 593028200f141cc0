-- every line of every landed customers file, once; see the landed_lines macro
{{ landed_lines('customers') }}
