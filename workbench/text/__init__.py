"""The one text toolkit: normalising, accent folding, stop words, number words, stemming.

Every part of the workbench that compares or indexes words (matching, claim details,
search, duplicates) takes them from here, so two copies can never drift apart. Pure Python,
no database and no third-party imports.
"""
