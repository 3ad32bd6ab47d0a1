"""Fraud detectors (fraud_rules): every threshold at its boundary, the evidence they write, and which
sources each detector reads."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from terpadu.attendance import fraud_rules as fr
from terpadu.attendance.fraud_rules import EventFact, FraudSettings, Kind
from terpadu.attendance.models import AnomalyFlag

T0 = datetime(2026, 5, 4, 23, 21, 14, tzinfo=UTC)
LAT, LON = Decimal("-10.163812"), Decimal("124.011537")


def ev(event_id, employee_id, *, seconds=0.0, lat=LAT, lon=LON, acc=12.3, device=None, ip=None, source="gps", agency=1):
    return EventFact(
        event_id=event_id,
        employee_id=employee_id,
        agency_id=agency,
        occurred_at=T0 + timedelta(seconds=seconds),
        latitude=lat,
        longitude=lon,
        accuracy_m=acc,
        device_id=device,
        ip=ip,
        source=source,
    )


def spread(n, **kwargs):
    """n employees, one event each, at distinct coordinates a few metres apart and distinct minutes."""
    return [ev(i, 100 + i, seconds=60 * i, lat=LAT + Decimal(i) / 10000, **kwargs) for i in range(1, n + 1)]


def test_kinds_are_the_flag_kinds():
    assert {k.value for k in Kind} == set(AnomalyFlag.Kind.values)


def test_default_thresholds():
    s = fr.DEFAULT_SETTINGS
    assert (s.same_coordinate_min_employees, s.accuracy_floor_m, s.repeated_accuracy_min_employees) == (3, 1.0, 10)
    assert (s.travel_max_speed_kmh, s.travel_min_distance_m) == (200.0, 1000.0)
    assert (s.shared_device_min_employees, s.shared_ip_min_employees) == (2, 20)
    assert (s.same_second_min_employees, s.same_second_factor, s.same_second_window_s) == (3, 5, 30)


@pytest.mark.parametrize(
    "changes",
    [
        {"same_coordinate_min_employees": 1},
        {"shared_ip_min_employees": 1},
        {"accuracy_floor_m": 0},
        {"travel_max_speed_kmh": 0},
        {"travel_min_distance_m": -1},
        {"same_second_factor": 0},
        {"same_second_window_s": -1},
    ],
)
def test_settings_refuse_meaningless_thresholds(changes):
    with pytest.raises(ValueError):
        FraudSettings(**changes)


def test_haversine_one_degree_of_longitude_at_the_equator():
    assert round(fr.haversine_m(0, 0, 0, 1)) == 111_195
    assert fr.haversine_m(LAT, LON, LAT, LON) == 0


# ── same coordinate ─────────────────────────────────────────────────────────────────────────────────


def test_two_employees_at_one_coordinate_are_not_a_cluster():
    assert fr.same_coordinate([ev(1, 11), ev(2, 12, seconds=5)]) == []


def test_three_employees_at_one_coordinate_are_a_cluster_with_the_evidence():
    events = [ev(1, 11, acc=3.0), ev(2, 12, seconds=5, acc=0.0), ev(3, 13, seconds=26), ev(4, 20, lat=LAT + 1)]
    [finding] = fr.same_coordinate(events)
    assert finding.kind is Kind.SAME_COORDINATE
    assert finding.group_key == "-10.163812,124.011537"
    assert finding.employee_ids == (11, 12, 13) and finding.event_ids == (1, 2, 3)
    e = finding.evidence
    assert (e["latitude"], e["longitude"], e["decimals"], e["min_employees"]) == ("-10.163812", "124.011537", 6, 3)
    assert (e["employee_count"], e["employee_ids"], e["event_ids"]) == (3, [11, 12, 13], [1, 2, 3])
    assert (e["first_time"], e["last_time"]) == ("2026-05-04T23:21:14Z", "2026-05-04T23:21:40Z")
    assert e["events"][1] == {
        "event_id": 2,
        "employee_id": 12,
        "agency_id": 1,
        "time": "2026-05-04T23:21:19Z",
        "source": "gps",
        "latitude": "-10.163812",
        "longitude": "124.011537",
        "accuracy_m": 0.0,
        "device": None,
        "ip": None,
    }


def test_one_employee_many_times_at_one_coordinate_counts_once():
    assert fr.same_coordinate([ev(1, 11), ev(2, 11, seconds=60), ev(3, 12), ev(4, 12, seconds=9)]) == []


def test_coordinates_compare_at_six_decimals():
    near = [ev(1, 11), ev(2, 12, lat=LAT + Decimal("0.000001")), ev(3, 13)]
    assert fr.same_coordinate(near) == []
    floats = [ev(1, 11, lat=-10.163812), ev(2, 12, lat=-10.1638120000001), ev(3, 13)]
    assert len(fr.same_coordinate(floats)) == 1


def test_same_coordinate_threshold_is_a_setting():
    events = [ev(1, 11), ev(2, 12), ev(3, 13)]
    assert fr.same_coordinate(events, FraudSettings(same_coordinate_min_employees=4)) == []
    assert len(fr.same_coordinate(events[:2], FraudSettings(same_coordinate_min_employees=2))) == 1


@pytest.mark.parametrize("source", ["machine", "correction"])
def test_machine_and_correction_events_are_not_read_for_coordinates(source):
    assert fr.same_coordinate([ev(1, 11, source=source), ev(2, 12, source=source), ev(3, 13, source=source)]) == []


def test_qr_events_are_read_for_coordinates_and_missing_positions_are_skipped():
    assert len(fr.same_coordinate([ev(1, 11, source="qr"), ev(2, 12), ev(3, 13, source="qr")])) == 1
    assert fr.same_coordinate([ev(1, 11), ev(2, 12), ev(3, 13, lat=None)]) == []


# ── accuracy ────────────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("accuracy", "flagged"), [(0.0, True), (0.5, True), (0.999, True), (1.0, False), (None, False)]
)
def test_accuracy_below_one_metre_is_implausible(accuracy, flagged):
    findings = fr.low_accuracy([ev(1, 11, acc=accuracy)])
    assert bool(findings) is flagged
    if flagged:
        assert findings[0].group_key == "below:1:1"
        assert findings[0].evidence["rule"] == "below_floor" and findings[0].evidence["accuracy_floor_m"] == 1.0


def test_low_accuracy_clusters_per_agency_and_ignores_machines():
    events = [
        ev(1, 11, acc=0),
        ev(2, 12, acc=0, agency=2),
        ev(3, 13, acc=0, agency=2),
        ev(4, 14, acc=0, source="machine"),
    ]
    findings = fr.low_accuracy(events)
    assert [(f.group_key, f.employee_ids) for f in findings] == [("below:1:1", (11,)), ("below:2:1", (12, 13))]


def test_accuracy_floor_is_a_setting():
    assert fr.low_accuracy([ev(1, 11, acc=4.9)], FraudSettings(accuracy_floor_m=5)) != []
    assert fr.low_accuracy([ev(1, 11, acc=5.0)], FraudSettings(accuracy_floor_m=5)) == []


def test_a_whole_metre_value_repeated_by_ten_employees_of_one_agency():
    nine = [ev(i, 100 + i, lat=LAT + Decimal(i) / 1000, acc=5.0) for i in range(9)]
    assert fr.repeated_accuracy(nine) == []
    ten = [*nine, ev(9, 109, acc=5.0)]
    [finding] = fr.repeated_accuracy(ten)
    assert finding.group_key == "repeat:1:5"
    assert (finding.evidence["accuracy_m"], finding.evidence["min_employees"], finding.evidence["employee_count"]) == (
        5.0,
        10,
        10,
    )


def test_repeated_accuracy_needs_whole_metres_one_agency_and_above_the_floor():
    fractional = [ev(i, 100 + i, acc=5.5) for i in range(10)]
    split = [ev(i, 100 + i, acc=5.0, agency=1 + i % 2) for i in range(10)]
    zeros = [ev(i, 100 + i, acc=0.0) for i in range(10)]
    assert fr.repeated_accuracy(fractional) == fr.repeated_accuracy(split) == fr.repeated_accuracy(zeros) == []
    assert len(fr.repeated_accuracy(split, FraudSettings(repeated_accuracy_min_employees=5))) == 2


# ── impossible travel ───────────────────────────────────────────────────────────────────────────────

#: one hundredth of a degree of latitude ≈ 1,111.95 m
STEP = Decimal("0.01")
STEP_M = fr.haversine_m(float(LAT), float(LON), float(LAT + STEP), float(LON))


def test_a_jump_faster_than_200_kmh_is_impossible_travel():
    seconds = STEP_M * 3.6 / 200 + 1e-9  # 200 km/h over the step (to a nanosecond)
    assert fr.impossible_travel([ev(1, 11), ev(2, 11, seconds=seconds, lat=LAT + STEP)]) == []
    [finding] = fr.impossible_travel([ev(1, 11), ev(2, 11, seconds=seconds - 0.01, lat=LAT + STEP)])
    assert finding.kind is Kind.IMPOSSIBLE_TRAVEL and finding.group_key == "1-2"
    assert finding.employee_ids == (11,) and finding.event_ids == (1, 2)
    e = finding.evidence
    assert (e["distance_m"], e["seconds"], e["speed_kmh"]) == (1112, 20.005, 200.1)
    assert (e["max_speed_kmh"], e["min_distance_m"]) == (200.0, 1000.0)


def test_short_jumps_are_gps_noise_whatever_the_speed():
    lat_1000m = LAT + Decimal("0.008993")  # 999.99 m
    assert fr.haversine_m(float(LAT), float(LON), float(lat_1000m), float(LON)) < 1000
    assert fr.impossible_travel([ev(1, 11), ev(2, 11, seconds=1, lat=lat_1000m)]) == []
    lat_over = LAT + Decimal("0.009")  # 1000.76 m
    assert len(fr.impossible_travel([ev(1, 11), ev(2, 11, seconds=1, lat=lat_over)])) == 1


def test_a_far_jump_at_the_same_second_has_no_speed():
    [finding] = fr.impossible_travel([ev(1, 11), ev(2, 11, lat=LAT + 1)])
    assert finding.evidence["speed_kmh"] is None and finding.evidence["seconds"] == 0
    assert finding.evidence["distance_m"] == 111195


def test_only_consecutive_events_of_one_employee_are_compared():
    far = LAT + 1
    events = [
        ev(1, 11),
        ev(2, 12, seconds=60, lat=far),
        ev(3, 11, seconds=7200, lat=far),
        ev(4, 11, seconds=7260, lat=far),
    ]
    assert fr.impossible_travel(events) == []  # 111 km in 2 h = 55.6 km/h; employee 12 alone
    unordered = [ev(5, 11, seconds=120), ev(4, 11, seconds=60, lat=far)]
    assert [f.group_key for f in fr.impossible_travel(unordered)] == ["4-5"]


def test_machine_events_are_not_used_for_travel():
    assert fr.impossible_travel([ev(1, 11), ev(2, 11, seconds=60, lat=LAT + 1, source="machine")]) == []


def test_travel_thresholds_are_settings():
    events = [ev(1, 11), ev(2, 11, seconds=3600, lat=LAT + 1)]  # 111 km in one hour
    assert fr.impossible_travel(events) == []
    assert len(fr.impossible_travel(events, FraudSettings(travel_max_speed_kmh=100))) == 1
    assert fr.impossible_travel(events, FraudSettings(travel_max_speed_kmh=100, travel_min_distance_m=200_000)) == []


# ── shared device and IP ────────────────────────────────────────────────────────────────────────────


def test_one_device_for_two_employees():
    key = "a" * 64
    assert fr.shared_device([ev(1, 11, device=key), ev(2, 11, seconds=9, device=key)]) == []
    [finding] = fr.shared_device([ev(1, 11, device=key), ev(2, 12, seconds=9, device=key, lat=LAT + 1)])
    assert finding.kind is Kind.SHARED_DEVICE and finding.group_key == key
    assert (finding.evidence["device"], finding.evidence["min_employees"], finding.employee_ids) == (
        "a" * 12,
        2,
        (11, 12),
    )


def test_shared_device_threshold_is_a_setting():
    events = [ev(1, 11, device="k"), ev(2, 12, device="k")]
    assert fr.shared_device(events, FraudSettings(shared_device_min_employees=3)) == []


def test_one_ip_for_twenty_employees_with_the_nat_note():
    nineteen = spread(19, ip="36.85.1.2")
    assert fr.shared_ip(nineteen) == []
    [finding] = fr.shared_ip([*nineteen, ev(50, 150, seconds=9999, ip="36.85.1.2")])
    assert finding.group_key == "36.85.1.2" and finding.evidence["employee_count"] == 20
    assert finding.evidence["min_employees"] == 20 and "NAT" in finding.evidence["note"]


def test_shared_ip_reads_every_source_and_skips_empty_addresses():
    assert len(fr.shared_ip(spread(3, ip="10.0.0.1", source="qr"), FraudSettings(shared_ip_min_employees=3))) == 1
    assert fr.shared_ip(spread(3, ip=None), FraudSettings(shared_ip_min_employees=2)) == []


# ── same second ─────────────────────────────────────────────────────────────────────────────────────


def test_three_employees_at_one_second_alone_are_a_cluster():
    events = [ev(1, 11, seconds=0.1, device="d1", ip="1.1.1.1"), ev(2, 12, seconds=0.9, device="d2"), ev(3, 13)]
    [finding] = fr.same_second(events)
    assert finding.kind is Kind.SAME_SECOND and finding.group_key == "1@2026-05-04T23:21:14Z"
    e = finding.evidence
    assert (e["second"], e["agency_id"], e["employees_in_window"], e["window_s"], e["factor"]) == (
        "2026-05-04T23:21:14Z",
        1,
        3,
        30,
        5,
    )
    assert (e["min_employees"], e["devices"], e["ips"], e["employee_count"]) == (3, 2, 1, 3)


def test_two_employees_at_one_second_are_not():
    assert fr.same_second([ev(1, 11), ev(2, 12)]) == []
    assert fr.same_second([ev(1, 11), ev(2, 11), ev(3, 12)]) == []  # one employee twice


def test_a_second_must_stand_out_five_times_from_the_rate_around_it():
    burst = [ev(1, 11), ev(2, 12), ev(3, 13)]
    # 3 employees × 61 s = 183 ≥ 5 × 36 = 180: flagged with 33 others in the ±30 s window …
    others = [ev(100 + i, 200 + i, seconds=s) for i, s in enumerate([s for s in range(-30, 31) if s != 0][:33])]
    assert len(fr.same_second([*burst, *others])) == 1
    # … not with 34 (183 < 185)
    more = [*others, ev(199, 299, seconds=30)]
    assert [f.group_key for f in fr.same_second([*burst, *more])] == []


def test_the_window_ends_thirty_seconds_either_side():
    burst = [ev(1, 11), ev(2, 12), ev(3, 13)]
    outside = [ev(100 + i, 200 + i, seconds=31 + i) for i in range(40)]
    assert len(fr.same_second([*burst, *outside])) == 1


def test_same_second_is_per_agency_and_reads_every_source():
    split = [ev(1, 11, agency=1), ev(2, 12, agency=2), ev(3, 13, agency=1)]
    assert fr.same_second(split) == []
    machines = [ev(1, 11, source="machine", lat=None, lon=None, acc=None), ev(2, 12, source="correction"), ev(3, 13)]
    assert len(fr.same_second(machines)) == 1


def test_same_second_thresholds_are_settings():
    burst = [ev(1, 11), ev(2, 12), ev(3, 13)]
    assert fr.same_second(burst, FraudSettings(same_second_min_employees=4)) == []
    assert len(fr.same_second(burst[:2], FraudSettings(same_second_min_employees=2))) == 1


# ── all together ────────────────────────────────────────────────────────────────────────────────────


def test_detect_all_on_a_fake_gps_cluster():
    events = [
        ev(1, 11, acc=3.0, ip="114.125.40.17"),
        ev(2, 12, acc=4.0, ip="114.125.40.17"),
        ev(3, 13, acc=3.0, ip="114.125.40.17"),
        ev(4, 14, seconds=26, acc=0.0, ip="114.125.40.17"),
    ]
    found = [(f.kind.value, f.group_key, f.employee_ids) for f in fr.detect_all(events)]
    assert found == [
        ("implausible_accuracy", "below:1:1", (14,)),
        ("same_coordinate", "-10.163812,124.011537", (11, 12, 13, 14)),
        ("same_second", "1@2026-05-04T23:21:14Z", (11, 12, 13)),
    ]


def test_an_ordinary_day_has_no_findings():
    assert fr.detect_all(spread(30)) == []
