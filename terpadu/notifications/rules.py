"""Notification rules: preferences, retries, phone numbers and gateway templates. Pure: no database."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import timedelta

EMAIL = "email"
WHATSAPP = "whatsapp"

#: Attempts of one external delivery before it stays failed (the first send included).
MAX_DELIVERY_ATTEMPTS = 3
#: Wait before the 2nd and the 3rd attempt.
RETRY_DELAYS = (timedelta(minutes=5), timedelta(minutes=30))
#: A pending delivery whose job has not claimed it after this long is picked up by the periodic job.
PENDING_GRACE = timedelta(minutes=2)

_NON_DIGITS = re.compile(r"[^\d+]")


def wants(muted: Mapping[tuple[str, str], bool], *, kind: str, channel: str) -> bool:
    """Whether a user takes ``kind`` over ``channel``: yes unless they turned it off."""
    return muted.get((kind, channel), True)


def retry_delay(attempts: int) -> timedelta | None:
    """The wait after ``attempts`` failed attempts, or ``None`` when no attempt is left."""
    if attempts >= MAX_DELIVERY_ATTEMPTS or attempts < 1:
        return None
    return RETRY_DELAYS[min(attempts, len(RETRY_DELAYS)) - 1]


def normalize_phone(raw: str) -> str:
    """An Indonesian mobile number in the international form gateways expect ("628…"), or "".

    "0812-3456-7890", "+62 812 3456 7890" and "6281234567890" all give "6281234567890".
    """
    cleaned = _NON_DIGITS.sub("", raw or "")
    digits = cleaned.lstrip("+")
    if "+" in digits:
        return ""
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    elif digits.startswith("8"):
        digits = "62" + digits
    if not digits.startswith("628") or not 10 <= len(digits) <= 15:
        return ""
    return digits


def json_fragment(value: str) -> str:
    """``value`` escaped to sit between the double quotes of a JSON string."""
    return json.dumps(value, ensure_ascii=False)[1:-1]


def render_gateway_body(template: str, values: Mapping[str, str]) -> str:
    """The gateway body: each ``{name}`` of ``values`` replaced by its JSON-escaped value.

    One pass, not ``str.format``: the template's own JSON braces stay as they are, and a value that
    happens to contain ``{phone}`` is not substituted again.
    """
    if not values:
        return template
    pattern = re.compile("|".join(re.escape("{" + name + "}") for name in values))
    return pattern.sub(lambda match: json_fragment(values[match.group(0)[1:-1]]), template)


def message_text(*, title: str, body: str, link: str) -> str:
    """The text of an external message: title, body, then the link (each part only if present)."""
    return "\n".join(part for part in (title.strip(), body.strip(), link) if part)
