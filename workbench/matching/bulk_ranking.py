"""Scoring a typed query against many texts at once, in rapidfuzz's threads.

Apart from ``ranking`` because it needs numpy, which most commands never load (``ranking`` is
imported by every command that reads claims; this only by the listing that ranks them all).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz, process, utils

from workbench.matching.ranking import DEFAULT_CUTOFF


def text_scores(query: str, texts: Sequence[str], cutoff: float = DEFAULT_CUTOFF) -> list[tuple[int, float]]:
    """(index, score) of each of ``texts`` scoring ``cutoff`` or more against ``query``, as
    ``ranking.score_text`` scores them, in one call into rapidfuzz over both cores.

    For ``claims list --fuzzy`` over a whole database: scored one at a time from Python, with
    every claim and every source name loaded first, a million claims took 25 s and 1 GB.
    """
    if not texts or not utils.default_process(query):
        return []
    # The texts as the rows and the query as the one column: rapidfuzz shares rows among its
    # threads (1.6x on two cores), and WRatio scores either way round alike.
    matrix = process.cdist(
        texts, [query], scorer=fuzz.WRatio, processor=utils.default_process, score_cutoff=cutoff,
        dtype=np.float64, workers=-1,
    )
    column = matrix[:, 0]
    return [(int(index), float(column[index])) for index in np.flatnonzero(column >= cutoff)]
