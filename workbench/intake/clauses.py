"""After a formula's verb: where the reported clause begins and ends, and what the words between
say about the statement (a relay, an origin, a medium, a time, anonymity).

"X told AP on Tuesday in a statement that C": the skips ("on Tuesday", "in a statement") come
off, "that" opens C, and C runs to the next formula of the sentence (``close_clause``).
"""

from __future__ import annotations

import re

from workbench.intake import formulas
from workbench.intake.frame import Frame
from workbench.intake.model import Span
from workbench.vocabulary import Stance

# "C, the ministry said Wednesday, as the rainy season peaked": after the comma, a clause of the
# outlet's own (a participle, a relative, or a joint such as "as"), so the ministry said C.
_CLAUSE_OF_ITS_OWN_AFTER = re.compile(
    r"^\s*,\s*(?:\w+ing|who|which|(?:even\s+)?as|while|when|whereas|after|before|amid|because|since|though|although"
    # "The death toll rose to 45, the ministry said, up from 30": a fragment, no clause
    r"|up|down|compared|mostly|mainly|among|against|excluding|(?:most|many|some|all|none)\s+of|of\s+whom)\b",
    re.IGNORECASE,
)


# Whoever was told, in lower case, when "that" follows: "has informed the ministry that C".
_RECIPIENT_BEFORE_THAT = re.compile(r"\s*(?P<recipient>(?:the|a|an|his|her|its|their)\s+(?:[\w\-]+\s+){0,2}?[\w\-]+)(?=\s+that\b)", re.IGNORECASE)


def after_verb(masked: str, frame: Frame) -> Frame:
    """Skip what sits between the verb and the clause; note the relay, the origin, the medium."""
    position = frame.verb_span.end
    verb = masked[frame.verb_span.start : frame.verb_span.end].lower().split()[-1]
    if verb == "guilty" and not formulas.CHARGES.match(masked, position):
        frame.sentence_claim = True
    if verb in ("posted", "posts", "tweeted", "shared", "published") and re.match(
        r"\s+(?:a|an|the|two|three|several|photos|images|pictures|videos?|footage)\b", masked[position:], re.IGNORECASE
    ):
        frame.sentence_claim = True  # "The channel posted a video it said showed...": the post, not a clause
    if verb in ("claimed", "claims", "claim") and re.match(r"\s+(?:responsibility|credit)\b", masked[position:], re.IGNORECASE):
        frame.sentence_claim = True  # "The rebels claimed responsibility for the attack"
    if verb in ("advised", "advises", "assured", "assures", "informed", "informs") and not re.match(
        r"\s+(?:[\w'’\-]+\s+){0,4}?that\b", masked[position:]
    ):
        frame.sentence_claim = True  # "It advised people nearby to keep their windows closed": advice, no clause
    if verb in ("insisted", "insists", "insist") and re.match(r"\s+on\b", masked[position:]):
        frame.sentence_claim = True  # "the Homeland Union insisted on keeping it": no clause
    if re.match(r"\s+(?!(?:morning|evening|during|according|nothing|something)\b)[a-z]+ing\b", masked[position:]) and verb in (
        "reported", "reports", "recalled", "recalls", "described", "describes", "admitted", "admits", "denied", "denies"
    ):
        frame.sentence_claim = frame.stance is Stance.ASSERTS  # "Residents reported hearing gunfire": the sentence says it
    if verb in ("told", "tells", "tell", "assured", "assures", "advised", "advises", "informed", "informs"):
        recipient = formulas.RECIPIENT.match(masked, position)
        if recipient:
            name = recipient.group("recipient")
            frame.relay = (name, Span(recipient.start("recipient"), recipient.end("recipient")), f"told {name}")
            position = recipient.end()
        elif told_a_person := re.match(r"\s*(?:us|me|him|her|them)\b", masked[position:]):
            position += told_a_person.end()  # "they tell us C": told the reporter, who passes nothing on
        elif told_a_body := _RECIPIENT_BEFORE_THAT.match(masked, position):  # "has informed the ministry that C"
            name = told_a_body.group("recipient")
            frame.relay = (name, Span(told_a_body.start("recipient"), told_a_body.end("recipient")), f"told {name}")
            position = told_a_body.end()
    charges = formulas.CHARGES.match(masked, position) if "guilty" in verb else None
    if charges:
        position = charges.end()
    answers = frame.stance is Stance.DENIES or verb in formulas.CONFIRMATIONS
    anaphoric = formulas.ANAPHORIC_OBJECT.match(masked, position) if answers else None
    if anaphoric:
        frame.claim_span = None
        frame.formula = f"X {verb} that"
        frame.anaphoric = True
        position = anaphoric.end()
    for _ in range(6):
        for pattern in (
            formulas.TIME, formulas.MEDIUM, formulas.BY_MEANS, formulas.IN_A_LANGUAGE, formulas.INTERJECTED, formulas.REMARKS_CARRIED_BY,
            formulas.SENT_PARTICIPLE, formulas.PREPOSITIONAL_BEFORE_THAT,
            formulas.PLACE_AT_THE_END, formulas.ABOUT_WHAT_AT_THE_END,
        ):
            found = pattern.match(masked, position)
            if found and found.end() > position:
                if pattern is formulas.MEDIUM and found.group("medium").lower().startswith(_STATEMENT_MEDIA):
                    frame.statement = True
                if pattern is formulas.REMARKS_CARRIED_BY and frame.relay is None:
                    relay = found.group("relay").strip().rstrip(".")
                    frame.relay = (relay, Span(found.start("relay"), found.start("relay") + len(relay)), found.group(0).strip().rstrip("."))
                position = found.end()
                break
        else:
            break
    clause_end = len(masked)
    origin = formulas.ORIGIN_AFTER.search(masked, position)
    if origin and formulas.A_REASON.search(origin.group("origin").strip()):
        # "suspended deliveries, citing security concerns": a reason, not who said it; the
        # clause ends there all the same
        clause_end, origin = origin.start(), None
    if origin:
        name = origin.group("origin").strip()
        if not _CITED_RECORDS.search(name):  # "citing leaked procurement documents": its own evidence, nobody speaking
            frame.origin = (name, Span(origin.start("origin"), origin.start("origin") + len(name)), origin.group(0).strip(" ,"))
        that_after = _THAT_AFTER_THE_ORIGIN.match(masked, origin.end())
        if that_after and not masked[position : origin.start()].strip(" ,"):
            # "reported in May, citing leaked documents, that C": C follows the citation (it was
            # the claim "In May.", or nothing when the time was skipped)
            position = that_after.end()
        else:
            clause_end = origin.start()
    that = formulas.THAT.match(masked, position)
    if that:
        position = that.end()
        if verb in formulas.NON_CLAUSE_VERBS:
            frame.sentence_claim = False  # "UNHCR estimated that 12,000 people had crossed": the clause
    elif frame.stance is Stance.DENIES and (reports := formulas.REPORTS_THAT.match(masked, position)):
        position = reports.end()
        frame.sentence_claim = False  # "rejected reports that C" rejects C, not the sentence
    told = formulas.HAD_TOLD.match(masked, position) if frame.origin is None and frame.stance is Stance.ASSERTS else None
    if told and told.group("who").lower() not in ("he", "she", "it", "they", "we", "i", "you"):
        # "Mutua said shipping agents had told the ministry that C": the agents said C, he passed it on
        who = told.group("who")
        frame.origin = (who, Span(told.start("who"), told.end("who")), f"relaying {who}")
        position = told.end()
    rest = masked[position:clause_end]
    if frame.sentence_claim and not frame.anaphoric:
        frame.claim_span = Span(frame.verb_span.start, clause_end)
    elif not rest.strip(" .,;!?”\"’") or _CLAUSE_OF_ITS_OWN_AFTER.match(rest):
        frame.trailing = True
    elif not frame.anaphoric:
        frame.claim_span = Span(position + len(rest) - len(rest.lstrip()), clause_end)
    note_anonymity(masked, frame)
    for appositive in frame.appositives:
        cited = formulas.CITED_BY.search(appositive)
        if cited:
            index = masked.find(cited.group("relay"), frame.subject_span.start if frame.subject_span else 0)
            frame.relay = (cited.group("relay").strip(), Span(index, index + len(cited.group("relay").strip())), cited.group(0))
        citing = formulas.ORIGIN.match(appositive)
        if citing and frame.origin is None and not formulas.A_REASON.search(citing.group("origin").strip()):
            index = masked.find(citing.group("origin"), frame.subject_span.start if frame.subject_span else 0)
            frame.origin = (citing.group("origin").strip(), Span(index, index + len(citing.group("origin").strip())), citing.group(0).strip(" ,"))
    if frame.subject and formulas.STATEMENT_SUBJECT.search(frame.subject):
        frame.statement = True
    return frame


_CITED_RECORDS = re.compile(
    r"^(?:(?:the|a|an|its|their|his|her)\s+)?(?:[\w\-]+\s+){0,3}?(?:documents?|records?|data|figures|files|emails|e-mails|minutes|"
    r"contracts?|receipts|statistics|estimates|images|imagery|footage|videos?|photos|photographs|filings?)$",
    re.IGNORECASE,
)
_STATEMENT_MEDIA = ("statement", "communiq", "press release", "news release", "release")  # "in a statement": its mode
_THAT_AFTER_THE_ORIGIN = re.compile(r"\s*,?\s*that\b(?!\s*[,.;])", re.IGNORECASE)


_SO = re.compile(r"(?:so|as\s+much)(?:,?\s+too|\s+as\s+well)?\.?", re.IGNORECASE)


def close_clause(masked: str, frame: Frame, clause_end: int) -> None:
    """A leading frame's clause ends where the next frame begins; a trailing one's is all before it.

    "C, officials said on Saturday, as aid groups warned that D": cut where "aid groups" begins,
    the officials' clause is "as", a joint; they said C, before them."""
    if frame.claim_span is not None and not frame.trailing and frame.subject_span and frame.subject_span.start < frame.verb_span.start:
        cut = masked[frame.claim_span.start : min(frame.claim_span.end, clause_end)].strip(" ,;:—–-")
        if formulas.ONLY_A_JOINT.match(cut) or _SO.fullmatch(cut):
            frame.claim_span, frame.trailing = None, True  # "C; rescuers told him so": they said C
    if frame.trailing and frame.claim_span is None and not frame.anaphoric:
        boundary = frame.subject_span.start if frame.subject_span and frame.subject_span.start < frame.verb_span.start else frame.verb_span.start
        frame.claim_span = Span(0, boundary)
    if frame.claim_span is not None and frame.claim_span.end > clause_end > frame.claim_span.start:
        frame.claim_span = Span(frame.claim_span.start, clause_end)
    if frame.claim_span is not None:
        start, end = frame.claim_span.start, frame.claim_span.end
        while start < end and masked[start] in " ,;:—–-":
            start += 1
        if masked[end - 1 : end] in (".", "!", "?") and not re.search(r"\b[A-Z]\.$", masked[start:end]):
            end -= 1  # the sentence's full stop, not the clause's ("U.S." keeps its own)
        while True:
            trimmed = formulas.TRAILING_CONNECTOR.sub("", masked[start:end])
            if len(trimmed) == end - start:
                break
            end = start + len(trimmed)
        frame.claim_span = Span(start, end) if end > start else None


def note_anonymity(masked: str, frame: Frame) -> None:
    region_end = frame.verb_span.start if frame.subject_span and frame.subject_span.start < frame.verb_span.start else len(masked)
    region_start = frame.subject_span.start if frame.subject_span else 0
    if formulas.ANONYMOUS.search(masked, region_start, max(region_end, region_start)) or any(formulas.ANONYMOUS.search(a) for a in frame.appositives):
        frame.anonymous = True
