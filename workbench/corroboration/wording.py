"""The words the explanations use, in one place so every part of the rules says things alike."""

from __future__ import annotations

from datetime import date

from workbench.vocabulary import Certainty, ClaimKind, Mode, Stance

# Beside an origin whose members spoke but whose spokesperson did not.
MEMBERS_ONLY = "members only, not its own position"

MODE_PHRASES = {
    Mode.DIRECT_QUOTE: "direct quote",
    Mode.PARAPHRASE: "paraphrase",
    Mode.OWN_OBSERVATION: "reporter's own observation",
    Mode.OFFICIAL_STATEMENT: "official statement",
    Mode.ANONYMOUS: "anonymous sourcing",
}

# What a source did, as the history of a silence and a garbled copy tell it.
_STANCE_DEEDS = {
    Stance.ASSERTS: "confirmed",
    Stance.DENIES: "denied",
    Stance.NO_STATEMENT: "silent",
    Stance.DECLINED_TO_COMMENT: "declined to comment",
}

_STANCE_GERUNDS = {
    Stance.ASSERTS: "asserting it",
    Stance.DENIES: "denying it",
    Stance.NO_STATEMENT: "making no statement",
    Stance.DECLINED_TO_COMMENT: "declining to comment",
}


# English month abbreviations, whatever the process locale (strftime's %b follows it).
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day(value: date | None) -> str:
    """A date as a desk writes it: "27 Jan 2026" (the year stays: coverage spans years)."""
    if value is None:
        return "on an undated record"
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def deed(stance: Stance) -> str:
    return _STANCE_DEEDS[stance]


def position(stance: Stance, certainty: Certainty) -> str:
    """ "denying it", "asserting it (hedged)": what a garbled copy is compared on."""
    text = _STANCE_GERUNDS[stance]
    if stance.is_silence or certainty is Certainty.STATED:
        return text
    return f"{text} ({certainty.value})"


def uncounted_certainty(certainty: Certainty, kind: ClaimKind, inferred: bool) -> str:
    """Why a hedged or forecast attribution is shown and not counted."""
    if certainty is Certainty.HEDGED:
        what = "hedged (may, reportedly, unconfirmed)"
        rule = (
            "only a stated attribution confirms an event"
            if kind is ClaimKind.EVENT
            else "a plan is confirmed only by a stated or forecast attribution"
        )
    else:
        what = "a forecast (will, is expected to)"
        rule = "only a stated attribution confirms an event; forecasts count only for a plan"
    source = "; certainty inferred from the wording" if inferred else ""
    return f"{what}: {rule}{source}"


def counts(certainty: Certainty, kind: ClaimKind) -> bool:
    """Whether an attribution of this certainty can confirm or deny a claim of this kind."""
    if certainty is Certainty.STATED:
        return True
    return certainty is Certainty.FORECAST and kind is ClaimKind.PLAN


def origins(count: int) -> str:
    return f"{count} independent origin{'s' if count != 1 else ''}"


def and_list(names: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(names) <= 2:
        return " and ".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"
