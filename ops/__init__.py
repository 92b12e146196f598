"""Running the project for real: PostgreSQL clusters and their standby, backups, and the
production layout (nginx with TLS in front of several Odoo nodes).

Used by ``bin/ksm`` (``make backup``, ``make restore``, ``make prod``, ``make standby``,
``make failover``) and by the tests; README.md "Operations" says how to use them.
"""
