"""External channels: e-mail, a WhatsApp/SMS HTTP gateway, and a registry to plug in more.

A channel knows a user's address on it (``""``: cannot reach them) and sends one message, raising
:class:`DeliveryError` when the far side refuses. Sending is called only by the delivery job.
"""

from __future__ import annotations

import smtplib
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.core.mail import send_mail

from . import rules


class DeliveryError(Exception):
    """The channel could not hand the message over; the text is kept as the delivery's error."""


@dataclass(frozen=True)
class Message:
    title: str
    body: str
    link: str  # absolute URL, or ""

    @property
    def text(self) -> str:
        return rules.message_text(title=self.title, body=self.body, link=self.link)


class Channel(Protocol):
    key: str
    label: str

    def is_enabled(self) -> bool: ...

    def address_for(self, user: Any) -> str: ...

    def send(self, *, address: str, message: Message) -> None: ...


class EmailChannel:
    """E-mail through Django's backend: console in development, SMTP by settings (TERPADU_EMAIL_*)."""

    key = rules.EMAIL
    label = "Email"

    def is_enabled(self) -> bool:
        return bool(settings.EMAIL_BACKEND)

    def address_for(self, user: Any) -> str:
        employee = getattr(user, "employee", None)
        return (user.email or (employee.email if employee is not None else "") or "").strip()

    def send(self, *, address: str, message: Message) -> None:
        footer = f"\n\n--\nAtur notifikasi: {settings.SITE_URL}/notifikasi/preferensi/"
        try:
            send_mail(message.title, message.text + footer, settings.DEFAULT_FROM_EMAIL, [address])
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryError(f"Email gagal dikirim: {exc}") from exc


class WhatsAppChannel:
    """An HTTP gateway for WhatsApp/SMS: POST of ``settings.WHATSAPP_GATEWAY["TEMPLATE"]`` to its URL.

    The template holds ``{phone}``, ``{message}`` (and optionally ``{token}``) placeholders, replaced by
    JSON-escaped values; with a TOKEN the request also carries ``Authorization: Bearer <token>``.
    Any HTTP status outside 2xx, or no answer within TIMEOUT seconds, is a failed delivery.
    """

    key = rules.WHATSAPP
    label = "WhatsApp"

    @property
    def config(self) -> dict[str, Any]:
        return dict(getattr(settings, "WHATSAPP_GATEWAY", {}) or {})

    def is_enabled(self) -> bool:
        return str(self.config.get("URL", "")).startswith(("http://", "https://"))

    def address_for(self, user: Any) -> str:
        employee = getattr(user, "employee", None)
        return rules.normalize_phone(employee.phone if employee is not None else "")

    def request_for(self, *, address: str, message: Message) -> urllib.request.Request:
        config = self.config
        token = str(config.get("TOKEN", ""))
        values = {"phone": address, "message": message.text, "token": token}
        body = rules.render_gateway_body(str(config.get("TEMPLATE", "")), values).encode()
        headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": "Terpadu"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return urllib.request.Request(str(config["URL"]), data=body, headers=headers, method="POST")  # noqa: S310

    def send(self, *, address: str, message: Message) -> None:
        if not self.is_enabled():
            raise DeliveryError("Gateway WhatsApp belum dikonfigurasi.")
        request = self.request_for(address=address, message=message)
        timeout = float(self.config.get("TIMEOUT", 10))
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (scheme checked)
                response.read(2048)
        except urllib.error.HTTPError as exc:
            detail = exc.read(300).decode("utf-8", "replace").strip()
            raise DeliveryError(f"Gateway menjawab HTTP {exc.code}: {detail}".strip()) from exc
        except (urllib.error.URLError, OSError) as exc:
            raise DeliveryError(f"Gateway tidak dapat dihubungi: {exc}") from exc


_CHANNELS: dict[str, Channel] = {}


def register_channel(channel: Channel) -> None:
    """Plug in a channel (an SMS provider, Telegram…); its key becomes a preference column."""
    _CHANNELS[channel.key] = channel


def channel_for(key: str) -> Channel:
    try:
        return _CHANNELS[key]
    except KeyError:
        raise DeliveryError(f"Kanal {key!r} tidak dikenal.") from None


def all_channels() -> list[Channel]:
    return list(_CHANNELS.values())


def enabled_channels() -> list[Channel]:
    return [channel for channel in _CHANNELS.values() if channel.is_enabled()]


register_channel(EmailChannel())
register_channel(WhatsAppChannel())
