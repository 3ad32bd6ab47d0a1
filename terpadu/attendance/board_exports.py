"""The monthly recap as XLSX (per agency totals, and per employee) and as a PDF on the government's
letterhead (one agency: its employees under the agency's kop; the government: the agency totals).

Rendered synchronously (one agency is at most a few thousand rows); the platform's documents module
has no generic export job yet.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from terpadu.core.formatting import tanggal
from terpadu.documents.interfaces import Sheet, render_pdf, write_xlsx

from .board_recap import AgencyTotal, MonthView
from .closing import month_label

EMPLOYEE_HEADERS = [
    "No.",
    "NIP",
    "Nama",
    "OPD",
    "Hari kerja",
    "Hadir",
    "Terlambat (menit)",
    "Pulang cepat (menit)",
    "Tanpa keterangan (hari)",
    "Izin/cuti/dinas (hari)",
    "Jam kerja (menit)",
    "Potongan TPP (%)",
]
AGENCY_HEADERS = [
    "No.",
    "Kode",
    "OPD",
    "Pegawai",
    "Hari kerja",
    "Hadir",
    "Terlambat (menit)",
    "Pulang cepat (menit)",
    "Tanpa keterangan (hari)",
    "Izin/cuti/dinas (hari)",
    "Jam kerja (menit)",
    "Rata-rata potongan TPP (%)",
]
PDF_TEMPLATE = "documents/pdf/table.html"


def employee_lines(view: MonthView) -> list[list[Any]]:
    names = {agency.pk: agency.name for agency in view.agencies}
    return [
        [
            number,
            row["employee__nip"] or "",
            row["employee__name"],
            names.get(row["agency_id"], ""),
            row["working_days"],
            row["days_present"],
            row["late_minutes"],
            row["early_minutes"],
            row["unexcused_days"],
            row["excused_total"],
            row["minutes_worked"],
            Decimal(row["deduction_percent"]).quantize(Decimal("0.01")),
        ]
        for number, row in enumerate(view.rows, start=1)
    ]


def agency_line(number: int, total: AgencyTotal) -> list[Any]:
    return [
        number,
        total.code,
        total.name,
        total.employees,
        total.working_days,
        total.days_present,
        total.late_minutes,
        total.early_minutes,
        total.unexcused_days,
        total.excused_total,
        total.minutes_worked,
        total.deduction_average,
    ]


def state_text(view: MonthView) -> str:
    if view.closing is None:
        return "Belum ditutup (angka masih dapat berubah)."
    return f"Ditutup pada {tanggal(view.closing.closed_at, view.government.timezone)}."


def file_stem(view: MonthView) -> str:
    code = view.agency.code.replace(".", "-") if view.agency else "semua-opd"
    return f"rekap-presensi-{view.month:%Y-%m}-{code}"


def recap_xlsx(view: MonthView) -> bytes:
    totals = [agency_line(number, total) for number, total in enumerate(view.totals, start=1)]
    return write_xlsx(
        sheets=[
            Sheet("Per OPD", AGENCY_HEADERS, totals, timezone=view.government.timezone),
            Sheet("Per pegawai", EMPLOYEE_HEADERS, employee_lines(view), timezone=view.government.timezone),
        ]
    )


def _pdf_value(value: Any) -> Any:
    return f"{value:.2f}".replace(".", ",") if isinstance(value, Decimal) else value


def recap_pdf(view: MonthView) -> bytes:
    title = f"Rekap Presensi Bulan {month_label(view.month)}"
    if view.agency is not None:
        headers = [header for header in EMPLOYEE_HEADERS if header != "OPD"]
        lines = [line[:3] + line[4:] for line in employee_lines(view)]
    else:
        headers = AGENCY_HEADERS
        lines = [agency_line(number, total) for number, total in enumerate(view.totals, start=1)]
    context = {
        "headers": headers,
        "rows": [[_pdf_value(value) for value in line] for line in lines],
        "intro": f"{view.agency.name if view.agency else 'Seluruh OPD'} · {state_text(view)}",
        "numeric": [0, *range(3, len(headers))],
    }
    return render_pdf(
        template_name=PDF_TEMPLATE,
        context=context,
        government_id=view.government.pk,
        title=title,
        agency_id=view.agency.pk if view.agency else None,
    )
