"""Telling whether two claims or two source names are the same, and finding them.

A claim's checkable details (numbers, dates, places, actors, negation) and their comparison,
match keys, rapidfuzz scoring, full-text search with its candidate prefilter, and duplicate
detection across the database. Text work itself lives in ``workbench.text``.
"""
