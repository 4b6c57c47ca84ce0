"""The archive's framework-free core: schema, database access, ingest, history, backup.

Nothing in this package imports Django; ``catalog`` (the Django side) builds on it.
"""
