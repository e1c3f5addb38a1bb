"""A question-and-answer interview: whose words the answers are.

An interview published as questions and answers ("**Will you stand again next year?**" then
"Yes. The job is not finished.") carries no "she said": every answer is the interviewee's, in
their own words, and every question the outlet's. Read as prose, the answers were the outlet's
own reporting and the questions its claims ("How many have you delivered?").

The questions are the lines set in bold on their own (Markdown ``**...**``), two or more of
them; the interviewee is the first person the introduction names ("Petra Holubová, 47, has
been mayor of Olomouc since 2022"). An answer is what follows a question up to the next; after
the last question, its first paragraph only (what follows is usually the outlet's closing note).
When no person is named before the first question, the answers are left as prose: nobody is
guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbench.intake.model import Span
from workbench.intake.sentences import trimmed

MIN_QUESTIONS = 2

# A person as an introduction names them: two or three capitalised words, then a comma, an age
# or a verb ("Petra Holubová, 47, has been mayor", "Jan Novak is the city's ...").
_PERSON = re.compile(
    r"\b(?P<name>(?-i:[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+){1,2}))(?=,|\s+(?:is|was|has|had|became|becomes|took|won|leads|runs)\b)"
)
_NOT_A_PERSON_WORDS = frozenset({"The", "A", "An", "In", "On", "At", "With", "This", "That", "We", "Our", "It"})


@dataclass(frozen=True)
class Interview:
    questions: tuple[Span, ...]
    answers: tuple[Span, ...]
    interviewee: str


def find_interview(text: str, bold_lines: list[str]) -> Interview | None:
    """The interview in ``text`` whose questions are ``bold_lines`` (in order), or None."""
    asked = sum(1 for line in bold_lines if line.rstrip(" *_").endswith("?"))
    if len(bold_lines) < MIN_QUESTIONS or asked < max(1, len(bold_lines) // 2):
        return None  # "**To the Minister of ...**" over an open letter asks nothing: most questions end in "?"
    questions: list[Span] = []
    position = 0
    for line in bold_lines:
        start = text.find(line, position)
        if start < 0:
            return None
        questions.append(Span(start, start + len(line)))
        position = start + len(line)
    interviewee = _interviewee(text[: questions[0].start])
    if interviewee is None:
        return None
    answers: list[Span] = []
    for index, question in enumerate(questions):
        end = questions[index + 1].start if index + 1 < len(questions) else _paragraph_end(text, question.end)
        answer = trimmed(text, question.end, end)
        if answer is not None:
            answers.append(answer)
    return Interview(tuple(questions), tuple(answers), interviewee)


def _interviewee(introduction: str) -> str | None:
    for found in _PERSON.finditer(introduction):
        words = found.group("name").split()
        if words[0] not in _NOT_A_PERSON_WORDS:
            return found.group("name")
    return None


def _paragraph_end(text: str, start: int) -> int:
    """The end of the first paragraph after ``start``."""
    body = re.match(r"\s*", text[start:])
    first = start + (body.end() if body else 0)
    blank = re.compile(r"\n[ \t]*\n").search(text, first)
    return blank.start() if blank else len(text)
