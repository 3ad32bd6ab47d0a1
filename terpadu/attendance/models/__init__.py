"""E-Absen tables. Rules live in ``rules.py``; writes in the services; reads in the selectors."""

from .days import Adjustment, AnomalyFlag, AttendanceDay, MonthClosing
from .events import AttendanceEvent, MachineImport, MachineUserMap
from .places import Device, QrStation, WorkLocation
from .requests import CorrectionRequest, Excuse
from .schedules import Shift, ShiftAssignment
from .settings import DeductionTableVersion, DisciplineSettingsVersion, LeaveQuotaVersion

__all__ = [
    "Adjustment",
    "AnomalyFlag",
    "AttendanceDay",
    "AttendanceEvent",
    "CorrectionRequest",
    "DeductionTableVersion",
    "Device",
    "DisciplineSettingsVersion",
    "Excuse",
    "LeaveQuotaVersion",
    "MachineImport",
    "MachineUserMap",
    "MonthClosing",
    "QrStation",
    "Shift",
    "ShiftAssignment",
    "WorkLocation",
]
