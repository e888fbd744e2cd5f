"""coldstart in the browser: textual-serve's server with seats, limits and a page that works offline.

Outside the core on purpose: it runs a web server and app processes. `server.ColdstartServer` is the whole of it;
`coldstart serve` (app/cli/serve.py) builds one.
"""
