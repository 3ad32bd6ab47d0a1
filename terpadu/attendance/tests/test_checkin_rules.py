"""Check-in rules at every boundary: distance, the fence edge, the nearest fence, accuracy, the QR token
windows and the 2-minute idempotency window."""

import hashlib
import hmac
import math
from datetime import UTC, datetime, timedelta

import pytest

from terpadu.attendance import checkin_rules as r
from terpadu.attendance.checkin_rules import Fence

# one degree of latitude on the mean sphere: 2πR/360
DEGREE_M = 2 * math.pi * r.EARTH_RADIUS_M / 360
OFFICE = Fence(1, -10.1625, 123.6115, 150, "Kantor Diskominfo")


def north_of(fence: Fence, metres: float) -> tuple[float, float]:
    return fence.latitude + metres / DEGREE_M, fence.longitude


def test_distance_of_one_degree_of_latitude_and_of_the_same_point():
    assert r.distance_m(0, 0, 1, 0) == pytest.approx(111_195.08, abs=0.01)
    assert r.distance_m(-10.1625, 123.6115, -10.1625, 123.6115) == 0.0


def test_distance_is_symmetric_and_shrinks_east_west_away_from_the_equator():
    a, b = (-10.1625, 123.6115), (-10.1700, 123.6200)
    assert r.distance_m(*a, *b) == pytest.approx(r.distance_m(*b, *a), abs=1e-9)
    assert r.distance_m(60, 0, 60, 1) == pytest.approx(111_195.08 / 2, abs=1)


def test_distance_between_two_kupang_offices():
    # Jl. El Tari to the airport: about 7.3 km in a straight line
    assert r.distance_m(-10.1580, 123.6060, -10.1716, 123.6711) == pytest.approx(7_280, abs=20)


def test_distance_of_antipodes_is_half_the_circumference():
    assert r.distance_m(0, 0, 0, 180) == pytest.approx(math.pi * r.EARTH_RADIUS_M, abs=0.01)


@pytest.mark.parametrize(
    ("metres", "inside", "distance", "beyond"),
    [
        (0, True, 0, 0),
        (149.4, True, 149, 0),
        (149.99, True, 150, 0),
        (150.0, True, 150, 0),
        (150.6, False, 151, 1),
        (150.2, False, 150, 1),
        (1250, False, 1250, 1100),
    ],
)
def test_the_fence_edge_is_inside(metres, inside, distance, beyond):
    match = r.nearest_fence(*north_of(OFFICE, metres), [OFFICE])
    assert match is not None
    assert (match.inside, match.distance_m, match.beyond_m) == (inside, distance, beyond)


def test_no_fence_no_match():
    assert r.nearest_fence(-10.1625, 123.6115, []) is None


def test_inside_two_fences_the_nearest_centre_wins():
    big = Fence(2, OFFICE.latitude, OFFICE.longitude + 400 / DEGREE_M, 1000, "Kompleks")
    match = r.nearest_fence(*north_of(OFFICE, 100), [big, OFFICE])
    assert match is not None and (match.fence.id, match.inside, match.distance_m) == (1, True, 100)


def test_inside_a_big_fence_beats_a_nearer_small_one_that_excludes_the_point():
    small = Fence(3, OFFICE.latitude, OFFICE.longitude, 20, "Pos")
    big = Fence(4, OFFICE.latitude + 300 / DEGREE_M, OFFICE.longitude, 500, "Kompleks")
    match = r.nearest_fence(*north_of(OFFICE, 30), [small, big])
    assert match is not None and (match.fence.id, match.inside, match.distance_m) == (4, True, 270)


def test_outside_all_the_nearest_edge_wins_not_the_nearest_centre():
    near_small = Fence(5, OFFICE.latitude + 1000 / DEGREE_M, OFFICE.longitude, 10, "Pos")
    far_big = Fence(6, OFFICE.latitude + 1400 / DEGREE_M, OFFICE.longitude, 800, "Kompleks")
    match = r.nearest_fence(OFFICE.latitude, OFFICE.longitude, [near_small, far_big])
    assert match is not None and (match.fence.id, match.inside, match.distance_m, match.beyond_m) == (
        6,
        False,
        1400,
        600,
    )


def test_outside_reason_names_the_nearest_location_and_distances():
    match = r.nearest_fence(*north_of(OFFICE, 1250), [OFFICE])
    assert r.outside_reason(match) == (
        "Anda berada di luar lokasi kerja: 1.250 m dari Kantor Diskominfo (batas 150 m, kurang 1.100 m lagi). "
        "Presensi di luar lokasi hanya untuk WFH/WFA atau dinas luar yang sudah disetujui atasan."
    )
    assert r.outside_reason(None) == "OPD Anda belum memiliki lokasi kerja aktif. Hubungi admin OPD."


@pytest.mark.parametrize(
    ("value", "text"), [(0, "0 m"), (999.4, "999 m"), (1000, "1.000 m"), (1_234_567, "1.234.567 m")]
)
def test_metres_text(value, text):
    assert r.metres_text(value) == text


@pytest.mark.parametrize(
    ("accuracy", "problem"),
    [
        (0.0, None),
        (12.5, None),
        (150.0, None),
        (
            150.1,
            "Lokasi Anda kurang akurat (±150 m; paling longgar ±150 m). Nyalakan GPS atau pindah ke tempat terbuka, lalu coba lagi.",
        ),
        (
            2300,
            "Lokasi Anda kurang akurat (±2.300 m; paling longgar ±150 m). Nyalakan GPS atau pindah ke tempat terbuka, lalu coba lagi.",
        ),
        (None, "Akurasi lokasi tidak terkirim. Muat ulang halaman presensi, lalu coba lagi."),
        (-1, "Nilai akurasi lokasi tidak valid."),
        (math.nan, "Nilai akurasi lokasi tidak valid."),
        (math.inf, "Nilai akurasi lokasi tidak valid."),
    ],
)
def test_accuracy_limit_default_150_m(accuracy, problem):
    assert r.accuracy_problem(accuracy) == problem


def test_accuracy_limit_is_a_setting():
    assert r.accuracy_problem(80, limit_m=50) is not None
    assert r.accuracy_problem(50, limit_m=50) is None
    assert r.MAX_ACCURACY_M == 150


@pytest.mark.parametrize(
    ("lat", "lon", "ok"),
    [
        (-90, -180, True),
        (90, 180, True),
        (0, 0, True),
        (90.000001, 0, False),
        (0, -180.000001, False),
        (None, 1, False),
        (1, None, False),
        (math.nan, 0, False),
    ],
)
def test_coordinates_bounds(lat, lon, ok):
    assert (r.coordinates_problem(lat, lon) is None) is ok


@pytest.mark.parametrize(
    ("ref", "ok"),
    [
        ("", True),
        ("web-0f3a", True),
        ("a" * 64, True),
        ("a" * 65, False),
        ("x y", False),
        ("ä", False),
        ("2026-05-04T07:00:00Z", True),
    ],
)
def test_client_ref(ref, ok):
    assert (r.client_ref_problem(ref) is None) is ok


# --- QR tokens -------------------------------------------------------------------------------------------

SECRET = "rahasia-layar"


def test_qr_token_is_the_truncated_hmac_of_the_window_number():
    expected = hmac.new(SECRET.encode(), b"59000000", hashlib.sha256).hexdigest()[:20]
    assert r.qr_token(SECRET, 59_000_000) == expected
    assert len(expected) == r.QR_TOKEN_LENGTH == 20
    assert r.qr_token("lain", 59_000_000) != expected


@pytest.mark.parametrize(
    ("ts", "window"), [(0, 0), (29.999, 0), (30, 1), (59.9, 1), (60, 2), (1_770_000_015, 59_000_000)]
)
def test_qr_window_is_30_seconds(ts, window):
    assert r.qr_window(ts) == window


@pytest.mark.parametrize(
    ("scanned_in", "checked_at", "valid"),
    [
        (1_770_000_000, 1_770_000_000, True),  # same instant
        (1_770_000_000, 1_770_000_029.9, True),  # same window, last moment
        (1_770_000_000, 1_770_000_030, True),  # next window: the previous token still counts
        (1_770_000_000, 1_770_000_059.9, True),
        (1_770_000_000, 1_770_000_060, False),  # two windows later: expired
        (1_770_000_030, 1_770_000_000, False),  # a token from the future
    ],
)
def test_qr_token_valid_in_its_window_and_the_next(scanned_in, checked_at, valid):
    token = r.qr_token(SECRET, r.qr_window(scanned_in))
    assert r.qr_token_valid(SECRET, token, checked_at) is valid


@pytest.mark.parametrize("token", ["", "abc", "0" * 20, "0" * 21])
def test_qr_token_wrong_or_malformed(token):
    assert r.qr_token_valid(SECRET, token, 1_770_000_000) is False


def test_qr_token_with_an_empty_secret_is_never_valid():
    assert r.qr_token_valid("", r.qr_token("", 59_000_000), 1_770_000_000) is False


@pytest.mark.parametrize(("ts", "left"), [(1_770_000_000, 30), (1_770_000_001, 29), (1_770_000_029.5, 1)])
def test_qr_seconds_left(ts, left):
    assert r.qr_seconds_left(ts) == left


# --- idempotency -----------------------------------------------------------------------------------------

T0 = datetime(2026, 5, 4, 23, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("later", "repeat"),
    [
        (timedelta(0), True),
        (timedelta(seconds=1), True),
        (timedelta(minutes=2) - timedelta(microseconds=1), True),
        (timedelta(minutes=2), False),
        (timedelta(minutes=5), False),
        (-timedelta(seconds=1), False),
    ],
)
def test_a_second_check_in_within_2_minutes_repeats_the_first(later, repeat):
    assert r.is_repeat(T0, T0 + later) is repeat


def test_repeat_since_is_two_minutes_before():
    assert r.repeat_since(T0) == T0 - timedelta(minutes=2) == T0 - r.IDEMPOTENCY_WINDOW
