"""The dashboard's routers, one module per area. Tickets (phase two) add ``routes/tickets.py``
with the same dependencies (``deps.current_user``, ``deps.Scope``) and register it in
``web/app.py``'s ``ROUTERS``."""
