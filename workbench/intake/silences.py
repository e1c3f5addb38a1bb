"""Silences and sourcing notes: "did not respond", "declined to comment", "no statement from X".

A silence is evidence too: a party that has not answered is awaited, and the corroboration
rules say so. The formulas:

- no statement: "did not respond / reply / return calls / comment", "has not commented",
  "could not be reached (for comment)", "was not available for comment", "has not said so
  publicly", "there has been no (official) statement / comment / response from X";
- declined: "declined to comment", "refused to comment", "would not comment".

A *sourcing note* is a sentence about the reporting, not about the news ("He asked that his
name not be used", "Zagros Daily could not independently verify the report", "It did not
name him", "The ministry did not say when"): no claim is proposed for it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from workbench.intake.formulas import VERB
from workbench.intake.model import Span
from workbench.intake.phrases import segments_of
from workbench.vocabulary import Stance

_NOT = r"(?:did\s+not|didn[’']t|has\s+not|hasn[’']t|have\s+not|haven[’']t|had\s+not|hadn[’']t)"
_SILENT_VERB = re.compile(
    rf"(?P<verb>{_NOT}\s+(?:yet\s+|immediately\s+|publicly\s+|officially\s+)*(?:respond(?:ed)?|repl(?:y|ied)|return(?:ed)?\s+(?:calls?|messages?|emails?|requests?)|answer(?:ed)?|comment(?:ed)?)"
    r"|could\s+not\s+(?:immediately\s+)?be\s+reached"
    r"|(?:was|were|is|are)\s+not\s+(?:immediately\s+)?available\s+(?:for|to)\s+comment"
    rf"|{_NOT}\s+(?:publicly\s+)?(?:said|confirmed|spoken)\s+(?:so\b|publicly\b|about\s+it\b)(?:\s+publicly)?"
    # "The trust has not said whether the attack began with ...": silent on that ("did not say when" is a note)
    rf"|{_NOT}\s+(?:yet\s+)?(?:publicly\s+)?(?:said|say|confirmed|confirm|disclosed|disclose)(?=\s+(?:whether|if)\b)"
    r"|(?P<declined>(?:declined|refused|declines|refuses)\s+to\s+(?:comment|discuss|elaborate|answer|confirm\s+or\s+deny|give\s+details"
    r"|give\s+(?:an?\s+)?(?:estimate|figures?|breakdown|number|timeline|timetable|date|reason|names?)|say|name|specify|explain|disclose|reveal|identify)"
    r"|would\s+not\s+be\s+drawn"
    r"|(?:does|do)\s+not\s+comment|(?:doesn|don)['’]t\s+comment|(?:never|not)\s+comments?\s+on"  # a policy: "it doesn't comment on individual suppliers"
    # a speaker's own refusal: "I'm not going to release names", "we won't speculate", "I'm going to let the city speak to that"
    r"|(?:am|are|['’]m|['’]re)\s+not\s+going\s+to\s+(?:comment|discuss|release|give|name|speculate|get\s+into|go\s+into|say)"
    r"|(?:will\s+not|won['’]t)\s+(?:comment|discuss|speculate|get\s+into|go\s+into|release|name)"
    # a member's refusal on the record: "it would not be right for me to discuss contractual matters",
    # "I will not prejudge the findings", "will forgive me if I do not go into the details"
    r"|would\s+not\s+be\s+(?:right|appropriate|proper)\s+for\s+(?P<own>me|us)\s+to\s+(?:comment|discuss|speculate|go\s+into|get\s+into)"
    r"|(?:cannot|can['’]t|(?:am|are|is)\s+not\s+able\s+to|(?:am|are|is)\s+unable\s+to)\s+(?:comment|discuss|speculate|go\s+into)"
    r"|(?:will\s+not|won['’]t)\s+prejudge|(?<=\bif\s)(?P<own_if>I|we)\s+do\s+not\s+go\s+into"
    r"|(?:am|are|['’]m|['’]re)\s+going\s+to\s+let\s+(?:the\s+)?[\w'’\-]+(?:\s+[\w'’\-]+)?\s+speak\s+(?:to|for|about)"
    r"|referred\s+(?:all\s+)?(?:questions|inquiries|enquiries|queries|requests\s+for\s+comment|reporters|calls)\s+to"
    r"|would\s+not\s+(?:comment|discuss|elaborate|say|give\s+details|confirm)|wouldn[’']t\s+(?:comment|discuss|elaborate|say)|(?:would|could|did)\s+(?:neither|not)\s+confirm\s+n?or\s+deny))\b",
    re.IGNORECASE,
)
_NEITHER = re.compile(
    r"^\s*neither\s+(?P<source>(?:(?:the\s+)?(?P<head>party|side|country|government|company|group)\b)|[^,.;]+?\s+nor\s+[^,.;]+?)"
    r"\s+(?P<verb>(?:has\s+|have\s+|had\s+)?(?:immediately\s+|publicly\s+)?(?:commented|responded|replied|answered|(?:made|issued)\s+(?:a\s+)?(?:statement|comment)))\b",
    re.IGNORECASE,
)
_NO_STATEMENT_FROM = re.compile(
    r"\bno\s+(?:official\s+|immediate\s+|public\s+|further\s+|formal\s+)?(?:statement|comment|response|reaction|confirmation|word)\s+"
    r"(?:from|by)\s+(?P<source>[^,.;]+?)(?=\s+(?:about|on|regarding|concerning|over|as|since|to)\b|[,.;]|$)",
    re.IGNORECASE,
)
# "Calls and emails to the company went unanswered", "Messages left with its press office were not returned".
_UNANSWERED = re.compile(
    r"\b(?:(?:repeated|several|multiple|further)\s+)?(?:calls?|messages?|emails?|e-mails?|requests?(?:\s+for\s+comment)?|queries|inquiries|enquiries)"
    r"(?:\s+(?:and|or)\s+(?:calls?|messages?|emails?|e-mails?|texts?|requests?(?:\s+for\s+comment)?))?"
    r"(?:\s+(?:left|sent|made))?\s+(?:to|with|for)\s+(?P<source>[^,.;]+?)\s+"
    r"(?P<verb>(?:went|have\s+gone|had\s+gone|were|have\s+been|had\s+been)\s+(?:(?:so\s+far|also)\s+)?(?:unanswered|unreturned|not\s+(?:returned|answered)))\b",
    re.IGNORECASE,
)
_TOPIC = re.compile(
    r"\s*(?:to\s+(?:a\s+|repeated\s+|several\s+)?(?:request|requests|questions?|calls?|messages?|emails?|inquiries|queries)\s+"
    r"(?:for\s+comment\s+)?)?(?:on|about|regarding|concerning|over)\s+(?P<topic>[^.;]+?)\s*(?:[,.;]|\s+but\b|$)",
    re.IGNORECASE,
)
_SOURCING_NOTE = re.compile(
    r"\b(?:asked|requested)\s+(?:that\s+(?:his|her|their)\s+names?\s+not|not\s+to\s+be\s+(?:named|identified))"
    r"|\b(?:spoke|speaking)\s+on\s+condition\s+of\s+anonymity\b"
    r"|\b(?:cannot|can['’]t)\s+be\s+(?:independently\s+)?(?:verified|confirmed)\b"  # "This claim cannot be verified."
    r"|\b(?:could\s+not|was\s+unable\s+to|were\s+unable\s+to|has\s+not\s+been\s+able\s+to|have\s+not\s+been\s+able\s+to)\s+"
    r"(?:be\s+)?(?:(?:independently|immediately)\s+)*(?:verif|confirm)\w*|\bindependently\s+(?:verif|confirm)\w*"
    r"|\b(?:did\s+not|didn[’']t)\s+(?:name|identify)\b"
    # the writers' own limits and conventions: "We cannot say whether the damage was deliberate", "All times UTC."
    r"|^\s*(?:we|I)\s+(?:cannot|can['’]t|could\s+not)\s+(?:say|tell|determine|establish)\s+(?:whether|if|when|how|who|why)\b"
    r"|^\s*all\s+times\s+(?:are\s+|in\s+)?(?:UTC|GMT|local|approximate|[A-Z]{2,4})\b\W*$"
    r"|^\s*this\s+(?:bulletin|log|list|page|update|briefing|digest)\s+covers\b"
    r"|^\s*here\s+is\s+how\s+(?:events|things|it|the\s+\w+)\s+unfolded\b"
    # a prosecutor's notice on its own charges: "An indictment is an accusation only.", "presumed innocent"
    r"|^\s*an?\s+(?:indictment|charge|criminal\s+complaint|complaint|arrest)\s+is\s+(?:merely\s+|only\s+)?an?\s+accusation\b"
    r"|\bpresumed\s+innocent\s+until\s+proven\s+guilty\b"
    r"|^\s*this\s+(?:page|site|website)\s+is\s+(?:published|maintained|run)\s+by\b"  # whose page: the header's
    r"|^\s*(?:the\s+)?(?:Commonwealth|State|People|United\s+States|Prosecutor|Crown|R)\s+v\.?\s+[A-Z]"  # a case's caption
    r"|\b(?:did\s+not|didn[’']t)\s+(?:give|provide|offer)\s+(?:a\s+|any\s+|further\s+|more\s+)?(?:breakdown|details?|figures)\b"
    r"|\b(?:(?:did|has|have|had)\s+not|didn[’']t|hasn[’']t|haven[’']t)\s+(?:yet\s+)?(?:say|said|specify|specified|elaborate|elaborated|give\s+details|given\s+details)\b"
    r"(?:\s+(?:when|how|why|whether|where|who|what|which)\b[^.;]*)?\s*[.;]?\s*$"
    r"|\b(?:is|was|were|are)\s+not\s+authori[sz]ed\s+to\b"
    # a programme's own promotion: "Listen live or download the podcast at ...", "X is on Radio 1 weekdays from 7am"
    r"|^\s*(?:listen\s+(?:live|again|back)|download\s+the\s+podcast|subscribe\s+to|sign\s+up\s+for|follow\s+us)\b"
    r"|^[^.]{0,40}\bis\s+on\s+[A-Z][\w\s]{2,40}?\s+(?:weekdays|weeknights|daily|every\s+\w+day)\b"
    r"|^\s*(?:the\s+)?(?:views|opinions)\s+expressed\s+(?:here\s+|in\s+this\s+\w+\s+)?are\s+(?:his|her|their|the\s+(?:author|writer)['’]s)\s+own"
    # the article on itself: "This article has been updated with ...", "Here is what we know so far"
    r"|^\s*(?:this|the)\s+(?:article|story|report|piece|page|post)\s+(?:has\s+been|was|will\s+be)\s+(?:updated|amended|corrected|changed)\b"
    r"|^\s*here(?:\s+is|['’]s)\s+(?:what\s+we\s+know|what\s+we\s+don['’]t|everything\s+we\s+know|a\s+look\s+at)\b"
    # "It is unclear whether the convoy reached the city", "It was not immediately clear who fired first"
    r"|^\s*it\s+(?:is|was|remains|remained)\s+(?:still\s+)?(?:unclear|not\s+(?:immediately\s+)?(?:clear|known)|unknown)\s+"
    r"(?:whether|if|who|what|why|how|when|where|which)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SilenceFormula:
    """A silence found in a sentence; ``source`` is the phrase as written ("he", "the company")."""

    stance: Stance
    source: str
    source_span: Span
    verb_span: Span
    topic: str | None
    topic_span: Span | None
    refers_back: bool  # "has not said so": silent on the claim of the sentence itself
    appositives: tuple[str, ...] = ()  # "The ship's owner, Blue Sea Shipping, did not respond"


def find_silence(
    masked: str, base: int, subject_before: Callable[[str, int], tuple[int, int] | None]
) -> SilenceFormula | None:
    """The silence formula in a (masked) sentence, if any; ``subject_before(masked, end)`` finds the subject."""
    if found := _NO_STATEMENT_FROM.search(masked):  # "no statement from X": its words before X
        return _no_statement_of(found, Span(found.start(), found.start("source")), base)
    if found := _UNANSWERED.search(masked):  # "calls to X went unanswered"
        return _no_statement_of(found, Span(found.start("verb"), found.end("verb")), base)
    neither = _NEITHER.match(masked)
    if neither:  # "Neither the army nor the RSF commented": both are silent
        source = neither.group("source").strip()
        head = (neither.group("head") or "side").lower()
        plural = {"party": "parties", "country": "countries", "company": "companies"}.get(head, f"{head}s")
        named = re.sub(r"\s+nor\s+", " and ", source) if re.search(r"\snor\s", source) else f"the two {plural}"
        return SilenceFormula(
            Stance.NO_STATEMENT,
            named,
            Span(base + neither.start("source"), base + neither.start("source") + len(source)),
            Span(base + neither.start("verb"), base + neither.end("verb")),
            *_topic(masked, neither.end("verb"), base),
            refers_back=False,
        )
    verb = _SILENT_VERB.search(masked)
    if verb is None:
        return None
    if own := _own_refusal(verb, base):
        return own
    subject = subject_before(masked, verb.start())
    if subject is None and not masked[: verb.start()].strip():
        # "Would not say whether staff had inspected the pond.": no subject written (field notes);
        # the silent party is whoever the format says speaks there (a turn), else nobody
        stance = Stance.DECLINED_TO_COMMENT if verb.group("declined") else Stance.NO_STATEMENT
        start = base + verb.start()
        return SilenceFormula(stance, "", Span(start, start), Span(start, base + verb.end()), *_topic(masked, verb.end(), base), refers_back=False)
    if _BUT_BEFORE.search(masked, 0, verb.start()) and (said := VERB.search(masked, 0, verb.start())):
        # "A spokesperson said that advice "has not changed" but would not discuss the case": the
        # spokesperson, who said it, is silent
        subject = subject_before(masked, said.start("verb") if said.group("verb") else said.start())
    if subject is None:
        return None
    subject_start, subject_end = subject
    joined = list(_JOINT.finditer(masked, subject_start, subject_end))
    if joined and joined[-1].start() > subject_start:
        # "The ministry said C but the army did not respond": the army is silent, after the joint
        subject_start = joined[-1].end()
    told = _SAID_IT.search(masked, subject_start, subject_end)
    if told and told.start() > subject_start and not told.group(0).lower().startswith(("but", "and")):
        subject_end = told.start()  # "The Commission told us it doesn't comment": the Commission
    reported = _SAID_IT.match(masked, subject_start, subject_end)
    if reported:
        # "..., but said it would not comment further", "..., saying it would not comment": "it" is
        # the silent party (the main clause's subject), not "said it"
        subject_start = reported.start("pronoun")
    if trailing := _TRAILING_ADVERB.search(masked, subject_start, subject_end):
        subject_end = trailing.start()  # "He also would not say": he
    stance = Stance.DECLINED_TO_COMMENT if verb.group("declined") else Stance.NO_STATEMENT
    refers_back = bool(re.search(r"\bso\b", verb.group(0), re.IGNORECASE))
    between = segments_of(masked, subject_end, verb.start())
    return SilenceFormula(
        stance,
        masked[subject_start:subject_end],
        Span(base + subject_start, base + subject_end),
        Span(base + verb.start(), base + verb.end()),
        *_topic(masked, verb.end(), base),
        refers_back=refers_back,
        appositives=tuple(part for start, end in between if (part := masked[start:end].strip())),
    )


def _no_statement_of(found: re.Match[str], verb: Span, base: int) -> SilenceFormula:
    """The silence of the party a formula's ``source`` group names (``verb``: in the sentence)."""
    source = found.group("source").strip()
    return SilenceFormula(
        Stance.NO_STATEMENT,
        source,
        Span(base + found.start("source"), base + found.start("source") + len(source)),
        Span(base + verb.start, base + verb.end),
        *_topic(found.string, found.end(), base),
        refers_back=False,
    )


def _own_refusal(verb: re.Match[str], base: int) -> SilenceFormula | None:
    """"It would not be right for me to discuss C", "forgive me if I do not go into C": the
    speaker's refusal, whatever the sentence opens with (it was "It", then whoever "it" was)."""
    group = "own" if verb.group("own") else "own_if" if verb.group("own_if") else None
    if group is None:
        return None
    pronoun = "we" if verb.group(group).lower() in ("we", "us") else "I"
    return SilenceFormula(
        Stance.DECLINED_TO_COMMENT, pronoun, Span(base + verb.start(group), base + verb.end(group)),
        Span(base + verb.start(), base + verb.end()), *_topic(verb.string, verb.end(), base), refers_back=False,
    )


_TRAILING_ADVERB = re.compile(r"\s+(?:also|too|again|still|however|meanwhile|further|then)\s*$", re.IGNORECASE)
_BUT_BEFORE = re.compile(r"\s(?:but|and)\s+$", re.IGNORECASE)
_JOINT = re.compile(r"(?:,\s*|\s+)(?:but|while|whereas|though|although)\s+(?=(?:the\s+|a\s+|an\s+)?[\w'’\-]+(?:\s+[\w'’\-]+){0,5}\s*$)", re.IGNORECASE)
_SAID_IT = re.compile(
    r"(?:(?:but|and)\s+)?(?:said|says|saying|added|adding|told\s+\w+)\s+(?:that\s+)?(?P<pronoun>it|he|she|they)\s*$",
    re.IGNORECASE,
)


def is_sourcing_note(masked: str) -> bool:
    """A sentence about how the story was reported rather than about the news."""
    return bool(_SOURCING_NOTE.search(masked))


def sourcing_note_span(masked: str) -> tuple[int, int] | None:
    """Where in the sentence its sourcing note is ("could not independently verify"), if any."""
    found = _SOURCING_NOTE.search(masked)
    return found.span() if found else None


def _topic(masked: str, position: int, base: int) -> tuple[str | None, Span | None]:
    found = _TOPIC.match(masked, position)
    if found is None:
        return None, None
    topic = found.group("topic").strip()
    return topic, Span(base + found.start("topic"), base + found.start("topic") + len(topic))


def only_a_silence(claim: Span, silence: SilenceFormula, text: str) -> bool:
    """A reported clause that is only the silence: it opens with the silence's verb after at most
    a pronoun ("told us it doesn't comment", "said it would not comment"), so no claim is made."""
    verb_at = silence.verb_span.start
    return claim.start <= verb_at < claim.end and len(text[claim.start : verb_at].split()) <= 1
