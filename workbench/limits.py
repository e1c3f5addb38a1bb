"""How long a value may be, the same at every entry point.

An export must always import: a claim the CLI, the TUI or an intake stored must pass the
importer's checks. So the limits live here, below every layer, and both the use cases
(``review.references.require_storable``) and the interchange format (``formats.interchange``)
read them. A second copy of a number here is a bug waiting to diverge.
"""

from __future__ import annotations

MAX_TEXT = 100_000  # characters in any one text field (a claim, a quote, a note, a name, a reason)
MAX_DOCUMENT_TEXT = 5_000_000  # characters of a document's full text
MAX_KEY = 200  # characters of a stable key (the column is 200 wide)
MAX_TAG = 100  # characters of one tag (the column is 100 wide)
MAX_TAGS = 100  # tags on one claim
MAX_ATTRIBUTIONS = 1_000  # attributions on one claim record of a file
MAX_ALIASES = 1_000  # aliases of one source, notes of one claim in a file
MAX_REVIEWER = 200  # characters of a reviewer's name (the review log's column is 200 wide)


def too_long(value: str, limit: int = MAX_TEXT) -> str | None:
    """Why ``value`` is refused for its length (None when it fits), in the words every entry point uses."""
    if len(value) > limit:
        return f"too long ({len(value):,} characters; the limit is {limit:,})"
    return None
