"""A discussion thread copied from a forum (Reddit and its likes): the post, then nested replies.

Copied as text, a thread is its community line ("n/Rotterdam · 184k members"), "Posted by
u/maasbrugger · 6h", the post's title and body, "412 points · 187 comments", then each reply
as a "level 2" line, "u/statica_nl · 97 points · 4h", perhaps a flair or an award line, its
words (with "> " lines quoting the reply above) and "Reply · Share · Report". Read as an
article, the post's title was the forum's name, the interface lines ran into the replies'
sentences and every reply was the forum's claim.

Here the text is rebuilt from the words alone, one paragraph per post or reply: the original
poster is the thread's author (their words the piece's own voice, as a column's author's), every
other account's reply is that account's, a throwaway account's anonymous; quoted lines, deleted
and removed replies, and the interface's lines are no part of it. The forum is the publisher,
the post's title the title, its poster the byline; a copy shows ages ("6h"), not a date.
"""

from __future__ import annotations

import re

from workbench.intake.model import Span, Turn
from workbench.intake.plain_reading import PlainReading

_AGE = r"\d+\s*(?:s|m|min|h|hr|d|w|mo|y)(?:\s+ago)?"
_USER_LINE = re.compile(
    rf"^\s*(?:Posted\s+by\s+)?(?P<user>u/[\w\-]+|\[deleted\]|\[removed\])(?:\s*·\s*(?P<badge>OP|MOD))?"
    rf"(?:\s*·\s*-?[\d.,]+k?\s+points?)?\s*·\s*{_AGE}\s*$",
    re.IGNORECASE,
)
_POSTED_BY = re.compile(r"^\s*Posted\s+by\s+(?P<user>u/[\w\-]+)", re.IGNORECASE)
_LEVEL = re.compile(r"^\s*level\s+\d+\s*$", re.IGNORECASE)
_INTERFACE = re.compile(
    r"^\s*(?:(?:Reply|Share|Report|Save|Award|Give\s+award)(?:\s*·\s*(?:Reply|Share|Report|Save|Award))*"
    r"|[\d.,]+k?\s+points?\s*·\s*[\d.,]+k?\s+comments?|Flair:.*|📌.*|(?:🏅|🏆|🥇|🥈|⭐)\S*(?:\s.*)?|\[(?:deleted|removed)[^\]]*\]"
    r"|(?:load|view|show)\s+(?:\d+\s+)?more\s+(?:comments|replies)|continue\s+this\s+thread.*|.*\b(?:User\s+Agreement|Privacy\s+Policy|Content\s+Policy)\b.*)\s*$",
    re.IGNORECASE,
)
_COMMUNITY = re.compile(r"^\s*(?P<forum>[^›»>|\n]{2,40}?)\s*[›»>|]\s*[a-z]{1,2}/\w+", re.IGNORECASE)
_THROWAWAY = re.compile(r"^u/throw_?away", re.IGNORECASE)


def looks_like_forum_thread(text: str) -> bool:
    """A post and at least two replies under "u/NAME · N points · 6h" lines."""
    return any(_POSTED_BY.match(line) for line in text.split("\n")) and sum(1 for line in text.split("\n") if _USER_LINE.match(line)) >= 3


def read_forum_thread(text: str) -> PlainReading:
    lines = text.split("\n")
    reading = PlainReading(text="", kind="thread")
    forum = next((found.group("forum").strip() for line in lines[:5] if (found := _COMMUNITY.match(line))), None)
    reading.outlet = forum
    posts: list[tuple[str | None, list[str]]] = []  # (the account, its lines of words), in order
    author: str | None = None
    current: tuple[str | None, list[str]] | None = None
    title_pending = False
    for line in lines:
        stripped = line.strip()
        poster = _POSTED_BY.match(line)
        if poster is not None:
            author = reading.byline = poster.group("user")
            current, title_pending = (author, []), True
            posts.append(current)
            continue
        user = _USER_LINE.match(line)
        if user is not None:
            name = user.group("user")
            current = (None if name.startswith("[") else name, [])
            posts.append(current)
            continue
        if current is None:
            continue  # the community's lines above the post
        if _LEVEL.match(line) or _INTERFACE.match(line):
            current[1].append("")  # a post's words end at an interface line
            continue
        if stripped.startswith(">"):
            continue  # a line quoting the reply above: its writer's words, already in
        if title_pending and stripped:
            reading.title, title_pending = stripped, False
            continue
        current[1].append(stripped)
    parts: list[str] = []
    position = 0
    for account, words in posts:
        paragraphs = [paragraph.strip() for paragraph in "\n".join(words).split("\n\n") if paragraph.strip()]
        if account is None or not paragraphs:
            continue  # a deleted or removed reply
        for paragraph in paragraphs:
            span = Span(position, position + len(paragraph))
            parts.append(paragraph)
            position = span.end + 2
            if account != author:
                reading.turns.append(Turn(span, account, anonymous=bool(_THROWAWAY.match(account))))
    reading.text = "\n\n".join(parts)
    return reading
