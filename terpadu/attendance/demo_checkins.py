"""Demo check-in places for Kabupaten Contoh: one work location per agency (offices a few hundred metres
apart around the regent's office in Kota Contoh) and a QR screen in the Diskominfo lobby.
Idempotent: rows are looked up by agency and name before they are created."""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.db import transaction

from terpadu.core.audit import audit_record
from terpadu.directory.models import Agency, Government

from .models import QrStation, WorkLocation

#: the regent's office (Setda); the other offices are placed on a grid around it
CENTRE = (Decimal("-10.158000"), Decimal("123.606000"))
#: Diskominfo's office: the e2e test checks in at this point
DISKOMINFO = (Decimal("-10.162500"), Decimal("123.611500"))
DISKOMINFO_RADIUS_M = 150
STEP = Decimal("0.003000")  # about 330 m
QR_STATION_NAME = "Layar lobi Diskominfo"


def _point(index: int, short_name: str) -> tuple[Decimal, Decimal]:
    if short_name == "Diskominfo":
        return DISKOMINFO
    row, column = divmod(index, 4)
    return CENTRE[0] - STEP * row, CENTRE[1] + STEP * column


@transaction.atomic
def seed_demo_checkins(government_id: int) -> str:
    government = Government.objects.get(pk=government_id)
    created = 0
    diskominfo: WorkLocation | None = None
    for index, agency in enumerate(Agency.objects.filter(government=government).order_by("code")):
        latitude, longitude = _point(index, agency.short_name)
        location, new = WorkLocation.objects.get_or_create(
            agency=agency,
            name=f"Kantor {agency.short_name}",
            defaults={
                "government": government,
                "address": f"{agency.name}, Kota Contoh",
                "latitude": latitude,
                "longitude": longitude,
                "radius_m": DISKOMINFO_RADIUS_M if agency.short_name == "Diskominfo" else 100,
            },
        )
        created += new
        if agency.short_name == "Diskominfo":
            diskominfo = location
    stations = 0
    if diskominfo is not None:
        _, new_station = QrStation.objects.get_or_create(
            agency_id=diskominfo.agency_id,
            name=QR_STATION_NAME,
            defaults={"government": government, "location": diskominfo, "secret": secrets.token_hex(32)},
        )
        stations += new_station
    if created or stations:
        audit_record(
            actor=None,
            action="demo.seed.attendance_checkins",
            target=government,
            government_id=government.pk,
            after={"work_locations": created, "qr_stations": stations},
        )
    return f"E-Absen: {created} lokasi kerja, {stations} layar QR"
