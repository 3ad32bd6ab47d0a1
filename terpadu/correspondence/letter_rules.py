"""The letter workflow as pure rules: status transitions, who signs under which authority and
delegation, disposition instructions, follow-up ageing. No Django, no database (RULES.md §6)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .rules import Signer


class Status(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    RETURNED = "returned"
    TO_SIGN = "to_sign"
    SIGNED = "signed"
    SENT = "sent"
    RECEIVED = "received"
    CANCELLED = "cancelled"


class Action(StrEnum):
    SUBMIT = "submit"  # drafter sends to the first reviewer (or straight to the signer)
    APPROVE = "approve"  # a reviewer initials (paraf); the last one passes it to the signer
    RETURN = "return"  # a reviewer or the signer sends it back with a note
    SIGN = "sign"
    SEND = "send"
    CANCEL = "cancel"
    EDIT = "edit"


#: (status, action) -> status. APPROVE keeps IN_REVIEW until the last reviewer, then TO_SIGN (the service
#: decides which, both are declared here).
LETTER_TRANSITIONS: dict[tuple[Status, Action], frozenset[Status]] = {
    (Status.DRAFT, Action.EDIT): frozenset({Status.DRAFT}),
    (Status.RETURNED, Action.EDIT): frozenset({Status.RETURNED}),
    (Status.DRAFT, Action.SUBMIT): frozenset({Status.IN_REVIEW, Status.TO_SIGN}),
    (Status.RETURNED, Action.SUBMIT): frozenset({Status.IN_REVIEW, Status.TO_SIGN}),
    (Status.IN_REVIEW, Action.APPROVE): frozenset({Status.IN_REVIEW, Status.TO_SIGN}),
    (Status.IN_REVIEW, Action.RETURN): frozenset({Status.RETURNED}),
    (Status.TO_SIGN, Action.RETURN): frozenset({Status.RETURNED}),
    (Status.TO_SIGN, Action.SIGN): frozenset({Status.SIGNED}),
    (Status.SIGNED, Action.SEND): frozenset({Status.SENT}),
    (Status.DRAFT, Action.CANCEL): frozenset({Status.CANCELLED}),
    (Status.RETURNED, Action.CANCEL): frozenset({Status.CANCELLED}),
}

STATUS_LABELS = {
    Status.DRAFT: "Konsep",
    Status.IN_REVIEW: "Dalam paraf",
    Status.RETURNED: "Dikembalikan",
    Status.TO_SIGN: "Menunggu tanda tangan",
    Status.SIGNED: "Ditandatangani",
    Status.SENT: "Terkirim",
    Status.RECEIVED: "Diterima",
    Status.CANCELLED: "Dibatalkan",
}


class TransitionError(ValueError):
    """An action the letter's status does not allow; the message is in Bahasa Indonesia."""


def next_statuses(status: str, action: str) -> frozenset[Status]:
    """The statuses ``action`` may lead to from ``status``; refuses an illegal transition."""
    allowed = LETTER_TRANSITIONS.get((Status(status), Action(action)))
    if not allowed:
        raise TransitionError(
            f"Naskah berstatus '{STATUS_LABELS[Status(status)]}' tidak dapat di-{ACTION_LABELS[Action(action)]}."
        )
    return allowed


ACTION_LABELS = {
    Action.SUBMIT: "ajukan",
    Action.APPROVE: "paraf",
    Action.RETURN: "kembalikan",
    Action.SIGN: "tandatangani",
    Action.SEND: "kirim",
    Action.CANCEL: "batalkan",
    Action.EDIT: "ubah",
}

EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})
IMMUTABLE = frozenset({Status.SIGNED, Status.SENT, Status.RECEIVED})

# --- signing authority and delegation ---------------------------------------------------------------


class Delegation(StrEnum):
    """How the signer relates to the authority the letter type requires (LAW: a.n., u.b., Plt., Plh.)."""

    NONE = ""  # the official signs in their own name
    AN = "an"  # atas nama: a subordinate official signs on behalf of the authority
    AN_UB = "an_ub"  # atas nama … untuk beliau: one level further down
    PLT = "plt"  # pelaksana tugas of the authority's position
    PLH = "plh"  # pelaksana harian of the authority's position


DELEGATION_LABELS = {
    Delegation.NONE: "Ditandatangani sendiri",
    Delegation.AN: "a.n. (atas nama)",
    Delegation.AN_UB: "a.n. … u.b. (untuk beliau)",
    Delegation.PLT: "Plt. (pelaksana tugas)",
    Delegation.PLH: "Plh. (pelaksana harian)",
}

#: how many levels below the authority the signer may sit for each delegation (0: the authority itself)
DELEGATION_DEPTH = {
    Delegation.NONE: 0,
    Delegation.AN: 1,
    Delegation.AN_UB: 2,
    Delegation.PLT: None,
    Delegation.PLH: None,
}


class SigningError(ValueError):
    """A signer who may not sign the letter; the message is in Bahasa Indonesia."""


@dataclass(frozen=True)
class SignerFacts:
    """What the rule needs to know about the chosen signer."""

    #: the authorities the signer holds in their own name (agency head of the letter's agency, secretary…)
    holds: frozenset[Signer]
    #: levels from the signer's position up to the position of each authority (1 = direct subordinate)
    levels_below: dict[Signer, int]
    #: authorities whose position the signer fills as Plt./Plh. on the letter date
    acting_for: frozenset[Signer] = frozenset()


def check_signer(*, allowed: tuple[str, ...], authority: str, delegation: str, facts: SignerFacts) -> None:
    """Refuse a signer who may not sign under ``authority`` with ``delegation``.

    The authority must be one the letter type allows. Signing in one's own name needs the authority;
    a.n. needs a direct subordinate of it, a.n. … u.b. a subordinate two levels down; Plt./Plh. need an
    acting appointment to the authority's position.
    """
    chosen, how = Signer(authority), Delegation(delegation)
    if chosen.value not in allowed:
        raise SigningError(f"Jenis naskah ini tidak ditandatangani oleh {SIGNER_LABELS[chosen]}.")
    if how is Delegation.NONE:
        if chosen not in facts.holds:
            raise SigningError(f"Penanda tangan bukan {SIGNER_LABELS[chosen]}; pilih a.n., u.b., Plt. atau Plh.")
        return
    if how in (Delegation.PLT, Delegation.PLH):
        if chosen not in facts.acting_for:
            raise SigningError(
                f"Penanda tangan tidak ditunjuk sebagai {how.value.capitalize()}. {SIGNER_LABELS[chosen]}."
            )
        return
    depth = DELEGATION_DEPTH[how]
    if facts.levels_below.get(chosen) != depth:
        expected = "bawahan langsung" if depth == 1 else "pejabat dua tingkat di bawah"
        raise SigningError(f"Untuk {DELEGATION_LABELS[how]} penanda tangan harus {expected} {SIGNER_LABELS[chosen]}.")


SIGNER_LABELS = {
    Signer.AGENCY_HEAD: "Kepala Perangkat Daerah",
    Signer.SECRETARY: "Sekretaris Daerah",
    Signer.REGIONAL_HEAD: "Kepala Daerah",
}

# --- dispositions and follow-up -----------------------------------------------------------------------

#: the instruction checklist of a disposition sheet (lembar disposisi); DEFAULT data
DISPOSITION_INSTRUCTIONS: dict[str, str] = {
    "tindak_lanjuti": "Tindak lanjuti",
    "pelajari": "Pelajari dan telaah",
    "hadiri": "Hadiri/wakili",
    "siapkan_bahan": "Siapkan bahan",
    "koordinasikan": "Koordinasikan",
    "jawab": "Siapkan jawaban",
    "untuk_diketahui": "Untuk diketahui",
    "arsipkan": "Arsipkan",
}
#: instructions that ask for nothing back: the item needs no follow-up
INFORMATIVE_ONLY = frozenset({"untuk_diketahui", "arsipkan"})


class DispositionError(ValueError):
    """A disposition that cannot be made; the message is in Bahasa Indonesia."""


def clean_instructions(keys: list[str] | tuple[str, ...], note: str) -> list[str]:
    """The instruction keys in checklist order; refuses unknown keys and an empty disposition."""
    unknown = [key for key in keys if key not in DISPOSITION_INSTRUCTIONS]
    if unknown:
        raise DispositionError(f"Arahan tidak dikenal: {', '.join(unknown)}.")
    chosen = [key for key in DISPOSITION_INSTRUCTIONS if key in keys]
    if not chosen and not note.strip():
        raise DispositionError("Pilih paling sedikit satu arahan atau tulis catatan.")
    return chosen


def needs_follow_up(instructions: list[str]) -> bool:
    """A disposition needs a recorded follow-up unless every instruction is informative only."""
    return not instructions or not set(instructions) <= INFORMATIVE_ONLY


#: age buckets of the follow-up report, in calendar days since receipt (DEFAULT)
AGE_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("0-3 hari", 0, 3),
    ("4-7 hari", 4, 7),
    ("8-14 hari", 8, 14),
    ("15-30 hari", 15, 30),
    ("> 30 hari", 31, None),
)


def age_bucket(received: date, today: date) -> str:
    """The label of the age bucket a pending item falls into."""
    age = max((today - received).days, 0)
    for label, low, high in AGE_BUCKETS:
        if age >= low and (high is None or age <= high):
            return label
    raise AssertionError("unreachable")  # pragma: no cover


def is_overdue(due: date | None, today: date, followed_up: bool) -> bool:
    """A disposition is overdue from the day after its due date until it is followed up."""
    return due is not None and not followed_up and today > due


#: how many days a disposition has when none is given, by urgency (DEFAULT)
DEFAULT_DUE_DAYS = {"biasa": 7, "segera": 3, "sangat_segera": 1}
