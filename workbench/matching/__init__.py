"""Telling whether two claims or two source names are the same, and finding them.

- ``match_keys``: claim text as matching compares it (match keys, ``claim_similarity``).
- ``claim_details`` reads a claim's checkable details with ``detail_tokens``,
  ``detail_dates``, ``detail_numbers`` and ``detail_names``; ``detail_comparison`` compares
  two claims' details.
- ``thresholds``: where scores turn into decisions. ``fuzzy``: the decision for an incoming
  claim and its candidates, found by ``prefilter`` (full-text, or a scan).
- ``sources``: which source a name means. ``ranking``: typed queries in search and pickers;
  ``bulk_ranking`` scores one against a whole chunk of claims (``claims list --fuzzy``).
- ``search``: the reviewer's full-text search; ``fts_index`` is what it shares with the prefilter.
- ``dedup``: near-duplicates across the whole database.

Text work itself (normalising, accents, stop words, number words, stems) is ``workbench.text``'s.
"""
