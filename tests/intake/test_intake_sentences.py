"""Sentences and tokens keep their character offsets into the document text."""

from __future__ import annotations

from pathlib import Path

from workbench.intake.reading import read_article_file
from workbench.intake.sentences import paragraphs, split_sentences

CORPUS = Path(__file__).resolve().parents[1] / "intake_corpus"


def test_offsets_point_into_the_text_for_the_whole_corpus() -> None:
    for path in sorted(CORPUS.glob("*.*")):
        if path.suffix not in (".txt", ".md", ".html") or not path.with_name(path.stem + ".expected.json").exists():
            continue
        text = read_article_file(path).text
        sentences = split_sentences(text)
        assert sentences, path
        previous_end = 0
        for index, sentence in enumerate(sentences):
            assert sentence.index == index
            assert previous_end <= sentence.span.start < sentence.span.end
            chunk = sentence.span.of(text)
            assert chunk == chunk.strip()
            for token in sentence.tokens:
                assert sentence.span.start <= token.start < token.end <= sentence.span.end
                assert text[token.start : token.end] == token.text
            previous_end = sentence.span.end


def test_two_quotations_in_a_row_are_two_sentences() -> None:
    """pysbd joined these; syntok was chosen partly for not doing so."""
    text = 'It rejected the findings as "baseless." "The ship carried machinery," the company said.'
    assert [s.span.of(text) for s in split_sentences(text)] == [
        'It rejected the findings as "baseless."',
        '"The ship carried machinery," the company said.',
    ]


def test_abbreviations_do_not_end_sentences() -> None:
    text = "The U.S. military said Gen. Smith arrived at 3 p.m. on Jan. 30. Talks began."
    assert len(split_sentences(text)) == 2


def test_paragraphs_are_separated_by_blank_lines() -> None:
    text = "First line\nstill first.\n\n  \nSecond."
    assert [p.of(text) for p in paragraphs(text)] == ["First line\nstill first.", "Second."]
    assert [s.paragraph for s in split_sentences(text)] == [0, 1]
