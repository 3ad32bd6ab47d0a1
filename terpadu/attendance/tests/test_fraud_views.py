"""The anomaly page /absensi/kejanggalan/: the evidence in words per cluster, the review form for whoever
may review, who sees what, the menu entry, and refusals that change nothing."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.test import Client

from terpadu.attendance import fraud, fraud_rules, views_fraud
from terpadu.attendance.models import AnomalyFlag
from terpadu.attendance.tests.fraud_org import DAY, build_org, fake_cluster, gps
from terpadu.core.models import AuditEvent

pytestmark = pytest.mark.django_db
URL = "/absensi/kejanggalan/"


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.TWO_FACTOR_REQUIRED = False


@pytest.fixture
def org():
    org = build_org()
    fake_cluster(org.kominfo)
    fraud.anomaly_report_build(government_id=org.government.pk, day=DAY)
    return org


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def page(user, **params):
    response = client_for(user).get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_reviewer_reads_the_evidence_of_each_cluster(org):
    html = page(org.kominfo.chief)
    assert "Kejanggalan presensi 4 Mei 2026" in html
    assert (
        "4 pegawai di koordinat -10.163812, 124.011537 yang persis sama (6 desimal), 07.21.14 WITA–07.21.40 WITA; ambang ≥ 3 pegawai."
        in html
    )
    assert "Akurasi GPS di bawah 1 m (1 pegawai): tidak ada ponsel seakurat itu." in html
    assert (
        "3 pegawai presensi pada detik yang sama (07.21.14 WITA); 4 pegawai dalam ±30 detik; ambang ≥ 3 pegawai dan 5× rata-rata sekitarnya. Perangkat berbeda: 0, IP berbeda: 1."
        in html
    )
    for text in (
        "Staf1 Kominfo",
        "Staf4 Kominfo",
        "<td>0 m</td>",
        "<td>3,5 m</td>",
        "114.125.40.17",
        "Dinas Kominfo",
        "Peninjau: Kabid Kominfo",
    ):
        assert text in html
    assert html.count("Simpan tinjauan") == 8


def test_the_default_day_is_the_latest_with_flags_and_the_filters_narrow(org):
    assert "Tidak ada tanda kejanggalan" in page(org.kominfo.chief, tanggal="2026-05-03")
    html = page(org.kominfo.chief, tanggal="2026-05-04", jenis="same_second")
    assert html.count("Simpan tinjauan") == 3 and "yang persis sama (6 desimal)" not in html


@pytest.mark.parametrize("who", ["sekda", "auditor", "bupati"])
def test_leaders_read_everything_without_review_forms(org, who):
    html = page(getattr(org, who))
    assert "Staf4 Kominfo" in html and "Simpan tinjauan" not in html


def test_the_other_agency_and_the_flagged_employees_see_nothing(org):
    for user in (org.dinkes.head, org.kominfo.staff[0], org.kominfo.staff[3]):
        html = page(user)
        assert "Tidak ada tanda kejanggalan" in html and "114.125.40.17" not in html


def test_the_reviewer_reviews_from_the_page(org):
    flag = AnomalyFlag.objects.get(kind="implausible_accuracy")
    client = client_for(org.kominfo.chief)
    response = client.post(
        f"{URL}{flag.pk}/tinjau/", {f"f{flag.pk}-status": "confirmed", f"f{flag.pk}-note": "Lokasi palsu."}
    )
    assert response.status_code == 302 and response["Location"] == f"{URL}?tanggal=2026-05-04"
    flag.refresh_from_db()
    assert (flag.status, flag.review_note, flag.reviewed_by) == ("confirmed", "Lokasi palsu.", org.kominfo.chief)
    html = client.get(URL).content.decode()
    assert "Tinjauan atas Staf4 Kominfo (4 Mei 2026) disimpan." in html
    assert "oleh kabid.kominfo" in html or "oleh Kabid Kominfo" in html
    assert "“Lokasi palsu.”" in html and html.count("Simpan tinjauan") == 7


def test_an_incomplete_review_shows_the_reason_and_changes_nothing(org):
    flag = AnomalyFlag.objects.get(kind="implausible_accuracy")
    client = client_for(org.kominfo.chief)
    response = client.post(f"{URL}{flag.pk}/tinjau/", {f"f{flag.pk}-status": "confirmed"}, follow=True)
    assert "Tinjauan belum lengkap. Tuliskan alasan bila kejanggalan dinyatakan terbukti." in response.content.decode()
    flag.refresh_from_db()
    assert flag.status == "open"


@pytest.mark.parametrize(("who", "status"), [("peer", 404), ("flagged", 404), ("other_head", 404), ("auditor", 403)])
def test_others_cannot_review_from_the_page(org, who, status):
    user = {
        "peer": org.kominfo.staff[0],
        "flagged": org.kominfo.staff[3],
        "other_head": org.dinkes.head,
        "auditor": org.auditor,
    }[who]
    flag = AnomalyFlag.objects.get(kind="implausible_accuracy")
    response = client_for(user).post(f"{URL}{flag.pk}/tinjau/", {f"f{flag.pk}-status": "cleared"})
    assert response.status_code == status
    flag.refresh_from_db()
    assert flag.status == "open" and not AuditEvent.objects.filter(action="attendance.anomaly_review").exists()


def test_anonymous_goes_to_login(org):
    flag = AnomalyFlag.objects.first()
    for response in (Client().get(URL), Client().post(f"{URL}{flag.pk}/tinjau/", {"status": "cleared"})):
        assert response.status_code == 302 and response["Location"].startswith("/akun/masuk/")
    flag.refresh_from_db()
    assert flag.status == "open"


def test_the_menu_entry_is_for_leaders_and_agency_managers(org):
    for user in (org.sekda, org.kominfo.admin, org.kominfo.head):
        assert f'<li><a href="{URL}"' in page(user)
    assert f'<li><a href="{URL}"' not in page(org.kominfo.chief)


def test_the_page_does_not_query_per_flag(org, django_assert_max_num_queries):
    client = client_for(org.sekda)
    client.get(URL)
    for user in org.dinkes.staff[:3]:
        gps(user, seconds=900, lat=Decimal("-10.2"))
    fraud.anomaly_report_build(government_id=org.government.pk, day=DAY)
    assert AnomalyFlag.objects.count() == 14
    with django_assert_max_num_queries(16):
        client.get(URL)


# ── the evidence in words ───────────────────────────────────────────────────────────────────────────

T0 = datetime(2026, 5, 3, 23, 0, tzinfo=UTC)


def fact(event_id, employee_id, *, seconds=0, lat="-10.1", device=None, ip=None):
    return fraud_rules.EventFact(
        event_id, employee_id, 1, T0 + timedelta(seconds=seconds), Decimal(lat), Decimal("124.0"), 8.5, device, ip
    )


def test_the_travel_sentence_gives_distance_time_and_speed():
    [finding] = fraud_rules.impossible_travel([fact(1, 11), fact(2, 11, seconds=120, lat="-10.2")])
    text = views_fraud.summary("impossible_travel", finding.evidence, "Asia/Makassar")
    assert text == (
        "Berpindah 11,1 km dalam 120 detik (333,6 km/jam), 07.00.00 WITA–07.02.00 WITA; "
        "batas 200 km/jam untuk jarak lebih dari 1,0 km."
    )
    [same] = fraud_rules.impossible_travel([fact(1, 11), fact(2, 11, lat="-10.2")])
    assert "(pada detik yang sama)" in views_fraud.summary("impossible_travel", same.evidence, "Asia/Makassar")


def test_the_device_and_ip_sentences():
    events = [
        fact(1, 11, device="abcdef0123456789", ip="10.1.1.1"),
        fact(2, 12, seconds=5, device="abcdef0123456789", ip="10.1.1.1"),
    ]
    [device] = fraud_rules.shared_device(events)
    assert views_fraud.summary("shared_device", device.evidence, "Asia/Jakarta") == (
        "Perangkat abcdef012345… dipakai 2 pegawai, 06.00.00 WIB–06.00.05 WIB; ambang ≥ 2 pegawai."
    )
    [ip] = fraud_rules.shared_ip(events, fraud_rules.FraudSettings(shared_ip_min_employees=2))
    assert views_fraud.summary("shared_ip", ip.evidence, "Asia/Jakarta") == (
        f"Alamat IP 10.1.1.1 dipakai 2 pegawai; ambang ≥ 2 pegawai. {fraud_rules.NAT_NOTE}"
    )


def test_the_repeated_accuracy_sentence():
    evidence = {"rule": "repeated_value", "accuracy_m": 5.0, "employee_count": 12, "min_employees": 10}
    assert views_fraud.summary("implausible_accuracy", evidence, "Asia/Jakarta") == (
        "Nilai akurasi 5 m yang sama dilaporkan 12 pegawai; ambang ≥ 10 pegawai."
    )
