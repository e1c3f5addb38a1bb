"""Lines above a story that are labels, not its title, outlet or reporting.

A fact-check prints its verdict ("**Verdict: False**"), a wire its update tag ("UPDATE 2-Chlorine
leak ...") and what the update adds ("(Adds minister's comments in paragraphs 5-6)"). Read as
the outlet's name or the story's first claim, they cost the article its outlet (every sentence
of its own reporting then went to nobody) and proposed a claim nobody made.
"""

from __future__ import annotations

import re

from workbench.intake.model import Span

# "Verdict: False", "Rating: Misleading", "Our verdict: Mostly true", "Claim: ..." on its own line.
VERDICT_LABEL = re.compile(r"^\s*(?:our\s+)?(?:verdict|rating|ruling|conclusion|claim|fact\s*check)\s*:\s*\S.{0,80}$", re.IGNORECASE)
# "(Adds minister's comments in paragraphs 5-6, company statement)", "(Recasts with ...)".
UPDATE_NOTE = re.compile(
    r"^\s*\(\s*(?:adds|updates|recasts|rewrites|corrects|changes|removes|inserts|fixes|refiles|repeats|updated)\b[^)]*\)\s*$", re.IGNORECASE
)
# "UPDATE 2-", "CORRECTED-", "EXCLUSIVE-", "REFILE-" before a wire's headline.
UPDATE_TAG = re.compile(r"^\s*(?:(?:UPDATE|WRAPUP|CORRECTED|REFILE|EXCLUSIVE|ANALYSIS|FACTBOX|INSTANT VIEW)(?:\s+\d+)?\s*-\s*)+")


# What kind of piece it is, on a line of its own or as a breadcrumb's section: "Opinion", "PRESS
# RELEASE", "For immediate release". An opinion piece speaks in its author's voice, a release in
# its publisher's (``piece_kind``).
_OPINION = r"opinion|comment|commentary|column|op-ed|viewpoint|guest\s+essay|perspective"
_RELEASE = (
    r"press\s+release|media\s+release|news\s+release|press\s+statement|media\s+statement|for\s+immediate\s+release"
    r"|(?:daily\s+|weekly\s+)?(?:incident|press|media|police|news)\s+bulletin"  # a police force's "DAILY INCIDENT BULLETIN"
)
KIND_LABEL = re.compile(
    rf"^[\s*_#]*(?P<kind>{_OPINION}|{_RELEASE}|analysis|explainer|editorial|feature|interview|review|obituary|letters?|podcast|"
    r"fact[\s-]?check|live|news|embargoed[^\n]{0,60}|(?:news|media)\s+advisory(?:\s*/\s*daybook)?|daybook|news\s+diary)[\s*_]*$",
    re.IGNORECASE,
)
# "Ref: MWH/PR/2027/041", "Reference No. 41/2027": a release's filing number.
REFERENCE = re.compile(r"^\s*(?:ref|reference|our\s+ref)(?:\s*(?:no|number)\.?)?\s*[:.]\s*\S{2,40}\s*$", re.IGNORECASE)
# "Morning Report with Niamh Gallagher": the programme and its presenter, above a broadcast story.
PROGRAMME = re.compile(r"^\s*[A-Z][\w'’]*(?:\s+[A-Z][\w'’]*){0,4}\s+with\s+[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+){1,2}\s*$")


def is_label(line: str) -> bool:
    """A verdict, an update note, the piece's kind, a release's reference, a programme's name:
    metadata of no field, never a claim."""
    return bool(
        VERDICT_LABEL.match(line) or UPDATE_NOTE.match(line) or KIND_LABEL.match(line) or REFERENCE.match(line)
        or PROGRAMME.match(line)
    )


def piece_kind(label: str) -> str | None:
    """"opinion" for an opinion piece, "release" for a press release; None for any other label."""
    found = KIND_LABEL.match(label)
    if found is None:
        return None
    kind = found.group("kind")
    if re.fullmatch(_OPINION, kind, re.IGNORECASE):
        return "opinion"
    return "release" if re.fullmatch(_RELEASE, kind, re.IGNORECASE) else None


def without_update_tag(title: str) -> str:
    """"UPDATE 2-Chlorine leak at ..." -> "Chlorine leak at ..."."""
    return UPDATE_TAG.sub("", title, count=1)


# "Correction, 9 March 2027:", "Update, 16:40 GMT:", "Editor's note:" opening a paragraph: what
# follows is the note, the label no part of it.
NOTE_LABEL = re.compile(
    r"(?m)^[ \t]*(?:correction|clarification|update|updated|editor(?:'|’)s\s+note|note|our\s+(?:read|take|view)|why\s+it\s+matters"
    r"|the\s+bottom\s+line)\b[^:\n]{0,40}:[ \t]+(?=\S)",
    re.IGNORECASE,
)


def lead_in_labels(text: str, lead_ins: list[str]) -> list[Span]:
    """The spans of labels that open a paragraph of ``text``: Markdown's bold lead-ins (in
    order, each with the space after it) and note labels ("Correction, 9 March 2027: ")."""
    spans = [Span(found.start(), found.end()) for found in NOTE_LABEL.finditer(text)]
    position = 0
    for lead in lead_ins:
        start = text.find(lead, position)
        if start < 0:
            continue
        end = start + len(lead)
        while end < len(text) and text[end] in " \t":
            end += 1
        if not any(span.start <= start < span.end for span in spans):
            spans.append(Span(start, end))
        position = end
    return spans
