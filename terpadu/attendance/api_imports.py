"""E-Absen API: imports (mounted under /api/v1/attendance by api.py)."""

from ninja import Router

router = Router(tags=["absensi"])
