"""The import pipeline: read and validate a file, then write it in one transaction.

``pipeline`` is the entry point (``import_file``, ``import_files``); ``reading`` is the first
phase (nothing touches a database); ``writing`` the second, with one writer object per kind
of record, all sharing an ``ImportContext``.
"""
