from datetime import timedelta

import pytest

from terpadu.notifications import rules


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0812-3456-7890", "6281234567890"),
        ("+62 812 3456 7890", "6281234567890"),
        ("6281234567890", "6281234567890"),
        ("81234567890", "6281234567890"),
        ("(0812) 345.678", "62812345678"),
        ("0812345", ""),  # too short
        ("0812345678901234", ""),  # too long
        ("0411-123456", ""),  # landline: no WhatsApp
        ("", ""),
        ("62+812345678", ""),
    ],
)
def test_normalize_phone(raw, expected):
    assert rules.normalize_phone(raw) == expected


@pytest.mark.parametrize(
    ("attempts", "delay"),
    [(0, None), (1, timedelta(minutes=5)), (2, timedelta(minutes=30)), (3, None), (4, None)],
)
def test_retry_delay_stops_at_the_limit(attempts, delay):
    assert rules.MAX_DELIVERY_ATTEMPTS == 3
    assert rules.retry_delay(attempts) == delay


def test_gateway_body_is_substituted_once_and_json_escaped():
    template = '{"to": "{phone}", "msg": "{message}", "raw": {"x": 1}}'
    body = rules.render_gateway_body(template, {"phone": "62812", "message": 'a "b" {phone}\n\\'})
    assert body == '{"to": "62812", "msg": "a \\"b\\" {phone}\\n\\\\", "raw": {"x": 1}}'


def test_gateway_body_keeps_non_ascii_letters():
    assert rules.render_gateway_body("{message}", {"message": "Tenggat – ✓"}) == "Tenggat – ✓"


def test_wants_defaults_to_on():
    muted = {("deadline.reminder", "email"): False}
    assert rules.wants(muted, kind="deadline.reminder", channel="email") is False
    assert rules.wants(muted, kind="deadline.reminder", channel="whatsapp") is True
    assert rules.wants({}, kind="x", channel="email") is True


def test_message_text_skips_empty_parts():
    assert rules.message_text(title=" Judul ", body="", link="https://x/1") == "Judul\nhttps://x/1"
    assert rules.message_text(title="Judul", body="Isi", link="") == "Judul\nIsi"
