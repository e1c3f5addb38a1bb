"""File formats: the interchange schema and its JSON, JSONL and CSV layouts, exports,
schema.org ClaimReview and the Markdown case file.

Parsing and validation (``interchange``, ``jsonlines``, ``csv_format``) import no SQLAlchemy, so
a file can be checked without a database; the exporters read through a ``Session``.
"""
