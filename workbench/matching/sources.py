"""Which stored source a typed or imported name means: exact, alias, fuzzy, or ambiguous.

How a source name is resolved (``resolve_source``): an exact match on the normalised name,
then on a normalised alias, then fuzzy. A fuzzy match needs ``source_fuzzy`` or more, and
every word of each name must have a close counterpart in the other (so "Syrian government"
never matches "Russian government"). When two sources score within ``source_margin`` of each
other, the result is ``ambiguous`` and lists both: never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.db.models import Source, SourceAlias
from workbench.matching.detail_names import DEMONYMS
from workbench.matching.thresholds import DEFAULT_THRESHOLDS, MatchThresholds
from workbench.text.normalize import normalize_claim_text
from workbench.text.stopwords import SOURCE_NAME_STOPWORDS

ResolutionKind = Literal["exact", "alias", "fuzzy", "ambiguous", "none"]

_SPELLINGS = {"defence": "defense", "centre": "center", "organisation": "organization", "programme": "program"}


def normalize_source_name(name: str) -> str:
    """A source name reduced for comparison: "Syria's defence ministry" -> "syria defense ministry"."""
    words = normalize_claim_text(name.replace("'s ", " ").replace("\u2019s ", " ")).split()
    out = []
    for word in words:
        if word in SOURCE_NAME_STOPWORDS:
            continue
        if word.endswith("s") and word[:-1] in DEMONYMS.values():
            word = word[:-1]
        word = DEMONYMS.get(word, word)
        out.append(_SPELLINGS.get(word, word))
    return " ".join(out)


@dataclass(frozen=True)
class SourceMatch:
    """One stored source a name may mean, by the name or alias that matched it."""

    source_id: int
    name: str  # the name or alias that matched
    score: float


@dataclass(frozen=True)
class SourceResolution:
    """What a source name resolved to: one source, several (ambiguous), or none."""

    kind: ResolutionKind
    source_id: int | None
    candidates: tuple[SourceMatch, ...] = ()


@dataclass
class SourceIndex:
    """Every source's names and aliases, loaded once to resolve many names (an import)."""

    names: list[tuple[int, str, bool]] = field(default_factory=list)  # (source id, text, is alias)
    _exact: dict[str, set[int]] = field(default_factory=dict)
    _alias: dict[str, set[int]] = field(default_factory=dict)
    _keys: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, session: Session) -> SourceIndex:
        index = cls()
        for source_id, name in session.execute(select(Source.id, Source.name)):
            index.add(source_id, name)
        for source_id, alias in session.execute(select(SourceAlias.source_id, SourceAlias.alias)):
            index.add(source_id, alias, alias=True)
        return index

    def add(self, source_id: int, name: str, alias: bool = False) -> None:
        key = normalize_source_name(name)
        self.names.append((source_id, name, alias))
        self._keys.append(key)
        (self._alias if alias else self._exact).setdefault(key, set()).add(source_id)

    def resolve(self, name: str, thresholds: MatchThresholds = DEFAULT_THRESHOLDS) -> SourceResolution:
        key = normalize_source_name(name)
        if not key:
            return SourceResolution("none", None)
        exact_tables: tuple[tuple[ResolutionKind, dict[str, set[int]]], ...] = (("exact", self._exact), ("alias", self._alias))
        for kind, table in exact_tables:
            ids = table.get(key, set())
            if len(ids) == 1:
                (source_id,) = ids
                return SourceResolution(kind, source_id, (self._match(source_id, key, 100.0),))
            if len(ids) > 1:
                return SourceResolution("ambiguous", None, tuple(self._match(i, key, 100.0) for i in sorted(ids)))
        best: dict[int, SourceMatch] = {}
        for text, score, index in process.extract(
            key, self._keys, scorer=fuzz.token_sort_ratio, processor=None, limit=None,
            score_cutoff=thresholds.source_fuzzy - thresholds.source_margin,
        ):
            source_id, original, _ = self.names[index]
            if not _words_align(key, text):
                continue
            if source_id not in best or score > best[source_id].score:
                best[source_id] = SourceMatch(source_id, original, round(score, 1))
        ranked = sorted(best.values(), key=lambda m: (-m.score, m.source_id))
        if not ranked or ranked[0].score < thresholds.source_fuzzy:
            return SourceResolution("none", None, tuple(ranked[:5]))
        if len(ranked) > 1 and ranked[0].score - ranked[1].score < thresholds.source_margin:
            return SourceResolution("ambiguous", None, tuple(ranked[:5]))
        return SourceResolution("fuzzy", ranked[0].source_id, tuple(ranked[:5]))

    def _match(self, source_id: int, key: str, score: float) -> SourceMatch:
        for (sid, original, _), stored in zip(self.names, self._keys, strict=False):
            if sid == source_id and stored == key:
                return SourceMatch(source_id, original, score)
        return SourceMatch(source_id, key, score)


def _words_align(a: str, b: str) -> bool:
    """Each word of each name has a close spelling in the other ("Ahmed"/"Ahmad", not "Syria"/"Russia")."""
    a_words, b_words = a.split(), b.split()
    if len(a_words) != len(b_words):
        return False
    for mine, theirs in ((a_words, b_words), (b_words, a_words)):
        for word in mine:
            if not any(word == other or fuzz.ratio(word, other) >= 80 for other in theirs):
                return False
    return True


def resolve_source(
    session: Session, name: str, thresholds: MatchThresholds = DEFAULT_THRESHOLDS
) -> SourceResolution:
    """Resolve a source name: exact name, exact alias, then fuzzy; ambiguity is reported.

    For many names (an import), load a ``SourceIndex`` once and call its ``resolve``.
    """
    return SourceIndex.load(session).resolve(name, thresholds)
