"""The use cases: what a reviewer, a script or the TUI can read or change.

Each function takes the caller's ``Session`` (one unit of work per user action) and returns
plain records from ``workbench.records``, never ORM rows. Writes record a review event and keep
stored statuses in step, in the same transaction. May import ``db``, ``corroboration``,
``matching`` and ``text``; never ``cli`` or ``tui``.
"""
