"""Intake: from a news article to candidate claims, attributions and silences, offline.

``intake_file("story.txt")`` reads the article (plain text, Markdown or a saved web page),
splits it into sentences, and proposes what a desk would otherwise type by hand: each claim
in neutral words, who asserts or denies it, in which mode and with what certainty, through
whom it was relayed, the exact quote and its span, and which parties were silent. The result
is plain frozen records (``workbench.intake.model``): no database, no UI. Quotes are anchored
in the document text with W3C selectors by ``workbench.intake.anchoring``.

The rules are written for English wire and newspaper prose; they propose, a reviewer decides.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

# Loaded on first use (PEP 562): the claim list imports ``workbench.intake.anchoring`` to show
# its quotes' state, and must not pay for the whole detection engine at start-up.
_EXPORTS: dict[str, str] = {
    "Article": "workbench.intake.model",
    "CandidateAttribution": "workbench.intake.model",
    "CandidateClaim": "workbench.intake.model",
    "CandidateSilence": "workbench.intake.model",
    "Intake": "workbench.intake.model",
    "Relay": "workbench.intake.model",
    "Sentence": "workbench.intake.model",
    "SourceMention": "workbench.intake.model",
    "Span": "workbench.intake.model",
    "Token": "workbench.intake.model",
    "MAX_ARTICLE_BYTES": "workbench.intake.reading",
    "ArticleOverrides": "workbench.intake.reading",
}

if TYPE_CHECKING:
    from workbench.intake.model import (
        Article,
        CandidateAttribution,
        CandidateClaim,
        CandidateSilence,
        Intake,
        Relay,
        Sentence,
        SourceMention,
        Span,
        Token,
    )
    from workbench.intake.reading import MAX_ARTICLE_BYTES, ArticleOverrides

__all__ = [
    "MAX_ARTICLE_BYTES",
    "Article",
    "ArticleOverrides",
    "CandidateAttribution",
    "CandidateClaim",
    "CandidateSilence",
    "Intake",
    "Relay",
    "Sentence",
    "SourceMention",
    "Span",
    "Token",
    "intake_article",
    "intake_bytes",
    "intake_file",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'workbench.intake' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


def intake_article(article: Article) -> Intake:
    """Candidates for an article already read."""
    from workbench.intake.detect import detect
    from workbench.intake.model import Intake
    from workbench.intake.sentences import split_sentences

    sentences = split_sentences(article.text)
    claims, silences = detect(article, sentences)
    return Intake(article, sentences, claims, silences)


def intake_file(path: str | Path, *, overrides: ArticleOverrides | None = None, format: str | None = None) -> Intake:
    """Read an article file (``-`` for stdin) and propose its candidates."""
    from workbench.intake.reading import read_article_file

    return intake_article(read_article_file(path, overrides=overrides, format=format))


def intake_bytes(data: bytes, *, name: str = "article", overrides: ArticleOverrides | None = None, format: str | None = None) -> Intake:
    """Read an article from bytes and propose its candidates."""
    from workbench.intake.reading import read_article

    return intake_article(read_article(data, name=name, overrides=overrides, format=format))
