"""File formats: the interchange schema and its JSON, JSONL and CSV layouts, exports,
schema.org ClaimReview and the Markdown case file.

Parsing and validation (``interchange``, ``jsonlines``, ``json_format``, ``csv_columns``,
``csv_format``, ``csv_rejects``) import no SQLAlchemy and nothing of the import pipeline, so a
file can be checked without a database; the exporters read through a ``Session``.
"""
