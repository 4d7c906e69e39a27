"""The customer register's operations: import, demo data, suppression, exports, erasure,
correction and restriction — plain functions over a session, called by `handlers/<kind>.py`
(which add the case, audit trail and replies around them) and by `python -m bot` commands.
"""
