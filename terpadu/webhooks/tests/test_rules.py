import hashlib
import hmac
from datetime import timedelta

import pytest

from terpadu.webhooks import rules


@pytest.mark.parametrize(
    "url",
    [
        "https://dasbor.sumbawabaratkab.go.id/hook",
        "http://127.0.0.1:8080/hook",
        "http://localhost/hook",
        "http://[::1]:9/x",
    ],
)
def test_https_or_loopback_urls_are_accepted(url):
    assert rules.url_problem(url) is None


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        (
            "http://dasbor.sumbawabaratkab.go.id/hook",
            "Alamat webhook harus memakai https:// (http:// hanya untuk 127.0.0.1 atau localhost).",
        ),
        (
            "http://10.0.0.5/hook",
            "Alamat webhook harus memakai https:// (http:// hanya untuk 127.0.0.1 atau localhost).",
        ),
        ("ftp://example.go.id/x", "Alamat webhook harus berupa URL lengkap yang diawali https://."),
        ("dasbor.go.id/hook", "Alamat webhook harus berupa URL lengkap yang diawali https://."),
        ("https://user:rahasia@example.go.id/x", "Alamat webhook tidak boleh memuat nama pengguna atau sandi."),
        ("https://example.go.id:99999/x", "Alamat webhook tidak valid."),
    ],
)
def test_other_urls_are_refused(url, problem):
    assert rules.url_problem(url) == problem


def test_backoff_then_give_up():
    assert [rules.next_delay(n) for n in range(1, 7)] == [
        timedelta(minutes=1),
        timedelta(minutes=5),
        timedelta(minutes=30),
        timedelta(hours=2),
        timedelta(hours=12),
        None,
    ]
    assert rules.MAX_ATTEMPTS == 6


def test_signature_is_hmac_sha256_of_the_raw_body():
    expected = hmac.new(b"rahasia", b'{"a":1}', hashlib.sha256).hexdigest()
    assert rules.signature("rahasia", b'{"a":1}') == f"sha256={expected}"
