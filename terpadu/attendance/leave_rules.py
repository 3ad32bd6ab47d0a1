"""Leave (cuti) for PNS — RULES.md §5 (DEFAULT values of a per-government table). Pure: no database.

Re-exported by :mod:`terpadu.attendance.rules`, the one place callers import rules from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

__all__ = [
    "ANNUAL_CARRY_OVER_MAX",
    "ANNUAL_TOTAL_MAX",
    "DEFAULT_LEAVE_QUOTAS",
    "DEFAULT_LEAVE_QUOTAS_BY_TYPE",
    "LEAVE_TYPE_LABELS",
    "LEAVE_UNITS",
    "AnnualLeaveBalance",
    "LeaveQuotas",
    "LeaveType",
    "annual_leave_balance",
    "carry_over",
    "leave_quota_problems",
]

# ── §5 leave (DEFAULT) ────────────────────────────────────────────────────────────────────────────


class LeaveType(StrEnum):
    ANNUAL = "annual"
    LONG_SERVICE = "long_service"
    SICK = "sick"
    MATERNITY = "maternity"
    IMPORTANT_REASON = "important_reason"
    UNPAID = "unpaid"  # CLTN

    @property
    def label(self) -> str:
        return LEAVE_TYPE_LABELS[self]


LEAVE_TYPE_LABELS = {
    LeaveType.ANNUAL: "Cuti tahunan",
    LeaveType.LONG_SERVICE: "Cuti besar",
    LeaveType.SICK: "Cuti sakit",
    LeaveType.MATERNITY: "Cuti melahirkan",
    LeaveType.IMPORTANT_REASON: "Cuti karena alasan penting",
    LeaveType.UNPAID: "Cuti di luar tanggungan negara (CLTN)",
}
#: unit of each quota (fixed by the regulation's wording; the amount is the setting)
LEAVE_UNITS = {
    LeaveType.ANNUAL: "hari kerja per tahun",
    LeaveType.LONG_SERVICE: "bulan per 5 tahun masa kerja",
    LeaveType.SICK: "bulan (dapat diperpanjang 6 bulan)",
    LeaveType.MATERNITY: "bulan (anak ke-1 s.d. ke-3)",
    LeaveType.IMPORTANT_REASON: "bulan per permohonan",
    LeaveType.UNPAID: "tahun (dapat diperpanjang 1 tahun)",
}
#: Defaults from PP 11/2017 (Manajemen PNS) as amended by PP 17/2020, Pasal 310–338, and Peraturan
#: BKN 24/2017 (tata cara pemberian cuti PNS): tahunan 12 hari kerja; besar paling lama 3 bulan
#: (setelah 5 tahun terus-menerus); sakit paling lama 1 tahun (+6 bulan); melahirkan 3 bulan;
#: alasan penting paling lama 1 bulan; CLTN paling lama 3 tahun (+1 tahun). These are our reading of
#: those texts: each government confirms or changes them as a setting.
DEFAULT_LEAVE_QUOTAS_BY_TYPE = {
    LeaveType.ANNUAL: 12,
    LeaveType.LONG_SERVICE: 3,
    LeaveType.SICK: 12,
    LeaveType.MATERNITY: 3,
    LeaveType.IMPORTANT_REASON: 1,
    LeaveType.UNPAID: 3,
}
ANNUAL_CARRY_OVER_MAX = 6  # unused cuti tahunan carried into the next year (DEFAULT, a setting)
ANNUAL_TOTAL_MAX = 18  # this year's quota plus carry-over, at most (DEFAULT, a setting)


@dataclass(frozen=True)
class LeaveQuotas:
    name: str
    effective_from: date | None
    quotas: Mapping[LeaveType, int]
    annual_carry_over_max: int = ANNUAL_CARRY_OVER_MAX
    annual_total_max: int = ANNUAL_TOTAL_MAX


DEFAULT_LEAVE_QUOTAS = LeaveQuotas(
    name="Kuota bawaan Terpadu (PP 11/2017 jo. PP 17/2020)", effective_from=None, quotas=DEFAULT_LEAVE_QUOTAS_BY_TYPE
)


def leave_quota_problems(quotas: LeaveQuotas) -> dict[str, list[str]]:
    problems = {t.value: ["Kuota tidak boleh negatif."] for t in LeaveType if quotas.quotas.get(t, 0) < 0}
    if quotas.annual_carry_over_max < 0:
        problems["annual_carry_over_max"] = ["Batas sisa cuti tidak boleh negatif."]
    if quotas.annual_total_max < quotas.quotas.get(LeaveType.ANNUAL, 0):
        problems["annual_total_max"] = ["Batas jumlah cuti tahunan tidak boleh kurang dari kuota tahunan."]
    if not quotas.name.strip():
        problems["name"] = ["Dasar hukum wajib diisi."]
    return problems


@dataclass(frozen=True)
class AnnualLeaveBalance:
    quota: int
    carried_over: int  # counted, after the limits
    entitlement: int
    joint_leave_days: int  # cuti bersama deducted (RULES.md §2)
    taken_days: int
    remaining: int
    why: str


def annual_leave_balance(
    quota: int,
    carried_over: int,
    taken_days: int,
    joint_leave_days: int,
    *,
    carry_over_max: int = ANNUAL_CARRY_OVER_MAX,
    total_max: int = ANNUAL_TOTAL_MAX,
) -> AnnualLeaveBalance:
    """Cuti tahunan left: quota plus counted carry-over (≤ ``carry_over_max``, total ≤ ``total_max``),
    minus cuti bersama, minus days taken; never below zero."""
    counted = max(0, min(carried_over, carry_over_max, total_max - quota))
    entitlement = quota + counted
    remaining = max(0, entitlement - joint_leave_days - taken_days)
    why = (
        f"{quota} hari kuota + {counted} hari sisa tahun lalu − {joint_leave_days} hari cuti bersama "
        f"− {taken_days} hari diambil = {remaining} hari"
    )
    return AnnualLeaveBalance(quota, counted, entitlement, joint_leave_days, taken_days, remaining, why)


def carry_over(remaining: int, carry_over_max: int = ANNUAL_CARRY_OVER_MAX) -> int:
    """Unused cuti tahunan that carries into the next year."""
    return max(0, min(remaining, carry_over_max))
