"""Pure rules of a check-in: distance to a geofence, the accuracy limit, the rotating QR token of an
office screen and the idempotency window. No database, no Django.

- Distance: the haversine formula on a sphere of the earth's mean radius (IUGG, 6,371,008.8 m); at the
  scale of a geofence (tens to thousands of metres) its error is far below a phone's GPS error.
- A point is inside a fence when its distance to the centre is at most the radius (the edge counts).
- Accuracy: the phone's reported accuracy (metres, 68% radius) must be at most the limit (DEFAULT 150 m).
- QR token: HMAC-SHA256(secret, window number) truncated to 20 hex digits; one window is 30 seconds and a
  token is accepted in its own window and the next one (scanned just before the screen changed).
- Idempotency: a second check-in of the same kind less than 2 minutes after the first is the first one.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

EARTH_RADIUS_M = 6_371_008.8
#: DEFAULT: the loosest accuracy a GPS check-in may report
MAX_ACCURACY_M = 150.0
QR_WINDOW_SECONDS = 30
QR_TOKEN_LENGTH = 20
IDEMPOTENCY_WINDOW = timedelta(minutes=2)
CLIENT_REF_MAX = 64
_CLIENT_REF = re.compile(r"^[A-Za-z0-9._:-]+$")


@dataclass(frozen=True)
class Fence:
    """A work location as the rules see it."""

    id: int
    latitude: float
    longitude: float
    radius_m: int
    name: str = ""


@dataclass(frozen=True)
class FenceMatch:
    """The fence a position falls in (or, outside every fence, the nearest one) and the distance."""

    fence: Fence
    distance_m: int
    inside: bool

    @property
    def beyond_m(self) -> int:
        """Whole metres beyond the fence's edge: 0 inside, at least 1 outside."""
        return 0 if self.inside else max(1, self.distance_m - self.fence.radius_m)


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres between two points given in decimal degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi, d_lambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def nearest_fence(latitude: float, longitude: float, fences: Iterable[Fence]) -> FenceMatch | None:
    """The nearest fence containing the point; outside all, the fence whose edge is nearest. None: no fence."""
    best: tuple[tuple[bool, float], FenceMatch] | None = None
    for fence in fences:
        metres = distance_m(latitude, longitude, fence.latitude, fence.longitude)
        inside = metres <= fence.radius_m
        # inside fences first, nearest centre; then outside ones, nearest edge
        key = (not inside, metres if inside else metres - fence.radius_m)
        if best is None or key < best[0]:
            best = (key, FenceMatch(fence, round(metres), inside))
    return best[1] if best is not None else None


def metres_text(value: float) -> str:
    """``1250`` → ``"1.250 m"`` (Indonesian thousands separator)."""
    return f"{round(value):,} m".replace(",", ".")


def coordinates_problem(latitude: float | None, longitude: float | None) -> str | None:
    """Why a position cannot be used, or None."""
    if latitude is None or longitude is None:
        return "Lokasi belum terbaca. Izinkan akses lokasi di peramban, lalu coba lagi."
    if not (math.isfinite(latitude) and math.isfinite(longitude)):
        return "Koordinat lokasi tidak valid."
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return "Koordinat lokasi di luar batas (lintang −90 s.d. 90, bujur −180 s.d. 180)."
    return None


def accuracy_problem(accuracy_m: float | None, limit_m: float = MAX_ACCURACY_M) -> str | None:
    """Why the reported accuracy is not good enough for a check-in at the office, or None."""
    if accuracy_m is None:
        return "Akurasi lokasi tidak terkirim. Muat ulang halaman presensi, lalu coba lagi."
    if not math.isfinite(accuracy_m) or accuracy_m < 0:
        return "Nilai akurasi lokasi tidak valid."
    if accuracy_m > limit_m:
        return (
            f"Lokasi Anda kurang akurat (±{metres_text(accuracy_m)}; paling longgar ±{metres_text(limit_m)}). "
            "Nyalakan GPS atau pindah ke tempat terbuka, lalu coba lagi."
        )
    return None


def outside_reason(match: FenceMatch | None) -> str:
    """The refusal of a position outside every fence, naming the nearest location and the distance."""
    if match is None:
        return "OPD Anda belum memiliki lokasi kerja aktif. Hubungi admin OPD."
    fence = match.fence
    return (
        f"Anda berada di luar lokasi kerja: {metres_text(match.distance_m)} dari {fence.name or 'lokasi kerja'} "
        f"(batas {metres_text(fence.radius_m)}, kurang {metres_text(match.beyond_m)} lagi). "
        "Presensi di luar lokasi hanya untuk WFH/WFA atau dinas luar yang sudah disetujui atasan."
    )


def client_ref_problem(client_ref: str) -> str | None:
    if len(client_ref) > CLIENT_REF_MAX:
        return f"client_ref paling panjang {CLIENT_REF_MAX} karakter."
    if client_ref and not _CLIENT_REF.match(client_ref):
        return "client_ref hanya boleh berisi huruf, angka, titik, titik dua, garis bawah dan tanda hubung."
    return None


# --- the rotating QR code of an office screen -----------------------------------------------------------


def qr_window(timestamp: float) -> int:
    """The number of the 30-second window a Unix time falls in."""
    return math.floor(timestamp / QR_WINDOW_SECONDS)


def qr_token(secret: str, window: int) -> str:
    digest = hmac.new(secret.encode(), str(window).encode(), hashlib.sha256).hexdigest()
    return digest[:QR_TOKEN_LENGTH]


def qr_token_valid(secret: str, token: str, timestamp: float) -> bool:
    """True when ``token`` is the screen's token of the current window or of the one before."""
    if not secret or len(token) != QR_TOKEN_LENGTH:
        return False
    window = qr_window(timestamp)
    return any(hmac.compare_digest(qr_token(secret, w), token) for w in (window, window - 1))


def qr_seconds_left(timestamp: float) -> int:
    """Seconds until the screen shows its next token (1–30)."""
    return QR_WINDOW_SECONDS - int(timestamp - qr_window(timestamp) * QR_WINDOW_SECONDS)


# --- double submissions ------------------------------------------------------------------------------


def is_repeat(previous_at: datetime, now: datetime, window: timedelta = IDEMPOTENCY_WINDOW) -> bool:
    """A check-in of the same kind at ``now`` repeats the one at ``previous_at`` (less than 2 minutes)."""
    return timedelta(0) <= now - previous_at < window


def repeat_since(now: datetime, window: timedelta = IDEMPOTENCY_WINDOW) -> datetime:
    """The earliest time of a check-in that a check-in at ``now`` would repeat (exclusive bound)."""
    return now - window
