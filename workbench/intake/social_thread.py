"""A thread of social-media posts as a desk copies it: whose account posted each stretch.

A copied thread carries no "she said": each post opens with its account ("Marrowick Fire &
Rescue @MarrowickFRS") and a time line ("8:58 PM · Mar 14, 2027"), a repost is marked above it
("Nadia Brandt reposted"), a quote-post is indented inside the post that quotes it. Read as
prose, every post was the desk's own reporting, with the account lines inside its claims.

Here:

- the thread's author (the account that posts most, not as a repost) speaks in the piece's own
  voice, as a column's author does: "I can see six people being helped" is her observation;
- every other account's post is that account's, in its own words (a body's post is its
  official statement); a quoted account its quoter says she cannot verify is anonymous;
- account, time, "reposted" and "Replying to" lines, separators, post numbers ("3/") and the
  desk's bracketed notes ("[post since deleted]") are no claims, nor is the capture's header
  above the first post, from which the author's outlet is read ("Profile: "Reporter, Marrowick
  Echo.""); the date is the first post's.

A text is a thread when at least ``MIN_POSTS`` account lines are each followed by a time line.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from workbench.intake.dates import date_line
from workbench.intake.model import Span, Turn
from workbench.intake.sentences import RULE_LINE
from workbench.intake.sources import guess_kind
from workbench.vocabulary import SourceKind

MIN_POSTS = 2

_ACCOUNT = re.compile(r"^(?P<indent>[ \t]*)(?P<name>[^\s@][^\n@]{0,60}?)[ \t]+@(?P<handle>[A-Za-z0-9_]{1,30})[ \t]*$", re.MULTILINE)
_TIME = re.compile(r"^[ \t]*(?=[^\n]*\d{1,2}:\d{2})(?=[^\n]*(?:·|\b\d{4}\b))[^\n]{4,60}$")
_REPOSTED = re.compile(r"^[ \t]*[^\n]{1,60}?\s+(?:reposted|retweeted|shared)[ \t]*$", re.IGNORECASE)
_REPLYING = re.compile(r"^[ \t]*Replying\s+to\s+@\w+", re.IGNORECASE)
_LINE = re.compile(r"^[^\n]*$", re.MULTILINE)
_DESK_NOTE = re.compile(r"^[ \t]*\[[^\n]*$")  # "[post since deleted]", "[End of capture. Desk note: ...]"
POST_NUMBER = re.compile(r"(?:\d{1,2}/\d{0,2}|\(\d{1,2}/\d{1,2}\))[ \t]+")
_PROFILE_OUTLET = re.compile(
    r"\b(?:reporter|correspondent|journalist|editor|writer|columnist|producer)\b(?:\s+(?:at|for|with|,))?[\s,]*"
    r"(?P<outlet>(?:the\s+)?[A-Z][\w&'’\-]*(?:\s+[A-Z][\w&'’\-]*){0,4})",
    re.IGNORECASE,
)
_UNVERIFIED = re.compile(
    r"\b(?:can(?:no|['’])t|could\s*n(?:o|['’])t|unable\s+to|not\s+able\s+to)\s+(?:verify|confirm)\s+who\b|\b(?:anonymous|unverified)\s+account\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Thread:
    author: str
    outlet: str | None
    posted: date | None
    turns: tuple[Turn, ...]  # the other accounts' posts; the author's are the piece's own voice
    labels: tuple[Span, ...]  # post numbers, cut from the sentence they open
    skipped: tuple[Span, ...]  # the capture's header, account and time lines, separators, notes


@dataclass(frozen=True)
class _Post:
    name: str
    indent: str
    header: Span  # the account line to the end of its time line (and "Replying to")
    reposted: bool


def find_thread(text: str) -> Thread | None:
    """The thread ``text`` is, or None when it is not one."""
    posts = [post for match in _ACCOUNT.finditer(text) if (post := _post(text, match)) is not None]
    if len(posts) < MIN_POSTS:
        return None
    own = Counter(post.name for post in posts if not post.reposted and not post.indent)
    if not own:
        return None
    author = own.most_common(1)[0][0]
    skipped = [Span(0, _line_start(text, posts[0].header.start))]
    turns: list[Turn] = []
    labels: list[Span] = []
    for number, post in enumerate(posts):
        skipped.append(post.header)
        end = posts[number + 1].header.start if number + 1 < len(posts) else len(text)
        body_start, body_end = post.header.end, _body_end(text, post, end, skipped)
        if (numbered := POST_NUMBER.match(text, _first_word(text, body_start, body_end))) and post.name == author:
            labels.append(Span(numbered.start(), numbered.end()))
        if post.name != author and body_start < body_end:
            quoting = text[posts[number - 1].header.end : post.header.start] if number and post.indent else ""
            official = guess_kind(post.name) in (SourceKind.ORGANIZATION, SourceKind.GOVERNMENT_BODY, SourceKind.MEDIA_OUTLET)
            turns.append(Turn(Span(body_start, body_end), post.name, None, bool(_UNVERIFIED.search(quoting)), official))
    for line in _LINE.finditer(text, posts[0].header.start):  # between posts too, after a quote-post
        if RULE_LINE.match(line.group(0)) or _DESK_NOTE.match(line.group(0)):
            skipped.append(Span(line.start(), line.end()))
    header = text[: posts[0].header.start]
    outlet = found.group("outlet").strip() if (found := _PROFILE_OUTLET.search(header)) else None
    first_time = text[posts[0].header.start : posts[0].header.end].splitlines()[-1]
    return Thread(author, outlet, _posted(first_time), tuple(turns), tuple(labels), tuple(skipped))


def _post(text: str, account: re.Match[str]) -> _Post | None:
    """The post an account line opens, when a time line follows it."""
    after = text.find("\n", account.end())
    if after < 0:
        return None
    time_end = text.find("\n", after + 1)
    time_end = len(text) if time_end < 0 else time_end
    if not _TIME.match(text[after + 1 : time_end]):
        return None
    end = time_end
    if (replying := _REPLYING.match(text, end + 1)) is not None:
        end = text.find("\n", replying.end()) if "\n" in text[replying.end() :] else len(text)
    start = account.start()
    before = text.rfind("\n", 0, max(start - 1, 0))
    reposted = bool(_REPOSTED.match(text[before + 1 : start - 1])) if start else False
    if reposted:
        start = before + 1
    return _Post(account.group("name").strip(), account.group("indent"), Span(start, end), reposted)


def _body_end(text: str, post: _Post, end: int, skipped: list[Span]) -> int:
    """Where a post's words end: before a separator, a desk's note, or (for a quote-post) the
    first line that is not indented like it; those lines are noted as no claims."""
    position, body_end = post.header.end, post.header.end
    for line in re.finditer(r"[^\n]*", text[post.header.end : end]):
        start = post.header.end + line.start()
        content = line.group(0)
        if not content.strip():
            continue
        if post.indent and not content.startswith(post.indent):
            break  # the quoting post goes on
        if RULE_LINE.match(content) or _DESK_NOTE.match(content):
            skipped.append(Span(start, post.header.end + line.end()))
            continue
        position = start
        body_end = post.header.end + line.end()
    return max(body_end, position)


def _first_word(text: str, start: int, end: int) -> int:
    while start < end and text[start].isspace():
        start += 1
    return start


def _line_start(text: str, position: int) -> int:
    return text.rfind("\n", 0, position) + 1


def _posted(time_line: str) -> date | None:
    """"8:47 PM · Mar 14, 2027": the date after the dot, else the whole line."""
    parts = [part.strip() for part in time_line.split("·")]
    return next((day for part in reversed(parts) if (day := date_line(part))), None) or date_line(time_line.strip())
