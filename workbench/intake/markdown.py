"""Markdown as a reader sees it: the marks gone, the title and the lines in bold kept apart.

Apart from ``plain`` (the metadata around an article) because it is its own job: turning
Markdown's marks into the text spans point into, whatever the article says about itself.
"""

from __future__ import annotations

import re

from workbench.intake.md_tables import sourced_rows

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_EMPHASIS = re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_MD_LIST = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+")
_MD_QUOTE = re.compile(r"^\s{0,3}>\s?")
_MD_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$")
_MD_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_MD_BOLD_LINE = re.compile(r"^\s{0,3}(\*\*|__)(?=\S)(?:(?!\1).)+(?<=\S)\1\s*$")
# "- **How the attackers got in.** The trust has not said ...": an explainer's bold lead-in, a
# heading run into its paragraph (it ends in a stop or a colon, or text follows it).
_MD_BOLD_LEAD = re.compile(r"^\s{0,3}(?:(?:[-*+]|\d{1,3}[.)])\s+)?(?:>\s?)?(\*\*|__)(?P<lead>(?:(?!\1).){2,80}?)\1(?=\s*\S)")
# "- [Why ransomware gangs keep targeting hospitals](/news/...)": a list of links to other stories.
_MD_LINK_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+\[[^\]]+\]\([^)]*\)\s*$")
# "[^2]: "Dozens held ...", The Velan Tribune, 20 February 2027.": a citation, not the report's claim;
# its marker in the text ("citing police sources.[^2]") goes too.
_SECTION_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+(?=[A-Z])")  # "## 3. Satellite imagery analysis": a heading
_MD_FOOTNOTE = re.compile(r"^\s{0,3}\[\^[^\]]+\]:")
_MD_FOOTNOTE_MARK = re.compile(r"\[\^[^\]]+\]")
# A section of calls to act or of references, no claims: a report's "7. Recommendations".
_MD_NO_CLAIMS_SECTION = re.compile(
    r"^(?:\d{1,2}\.?\s+)?(?:(?:our\s+|key\s+)?recommendations?|references|further\s+reading|endnotes|acknowledg(?:e)?ments"
    r"|sources|external\s+links|see\s+also|contact(?:\s+us)?|contacts)\s*$",
    re.IGNORECASE,
)


def markdown_to_text(text: str) -> tuple[str, str | None, list[str], list[str], list[tuple[str, str]]]:
    """Markdown to the plain text a reader sees; with the first level-one heading (the title),
    the lines set in bold on their own (an interview's questions: ``interview``) and the bold
    lead-ins of paragraphs and list items (headings, no claims). A list of links to other
    stories is left out: it is the page's, not the article's; so are footnotes (citations) and
    a report's recommendations (calls to act, not claims) and its list of sources. A
    table with a source column becomes one line per row, each with its source (``md_tables``)."""
    text = _MD_COMMENT.sub("", text)
    title: str | None = None
    bold_lines: list[str] = []
    lead_ins: list[str] = []
    lines = []
    in_section_without_claims = False
    raw = text.split("\n")
    for line in raw:
        heading = _MD_HEADING.match(line)
        if heading:
            in_section_without_claims = bool(_MD_NO_CLAIMS_SECTION.match(_inline(heading.group(2)).strip()))
        if _MD_RULE.match(line) or line.strip().startswith("```") or _MD_LINK_ITEM.match(line) or _MD_FOOTNOTE.match(line) or (
            in_section_without_claims and not heading
        ):
            lines.append("")
            continue
        if heading:
            words = _SECTION_NUMBER.sub("", _inline(heading.group(2)))
            if heading.group(1) == "#" and title is None:
                title = words
                lines.append("")
                continue
            line = words
        else:
            if _MD_BOLD_LINE.match(line):
                bold_lines.append(_inline(line).strip())
            elif lead := _MD_BOLD_LEAD.match(line):
                lead_ins.append(_inline(lead.group("lead")).strip())
            line = _inline(_MD_LIST.sub("", _MD_QUOTE.sub("", line)))
        lines.append(line.rstrip())
    lines, rows = sourced_rows(raw, lines)
    return "\n".join(lines), title, bold_lines, lead_ins, rows


def _inline(text: str) -> str:
    text = _MD_FOOTNOTE_MARK.sub("", text)
    text = _MD_IMAGE.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_STRONG.sub(r"\2", text)
    return _MD_EMPHASIS.sub(r"\2", text)
