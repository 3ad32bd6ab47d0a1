"""What E-Absen declares to the platform at start-up, part by part (reg_<part>.py)."""

from __future__ import annotations


def register_all() -> None:
    from . import reg_board, reg_checkins, reg_fraud, reg_imports, reg_recap, reg_requests

    for part in (reg_checkins, reg_imports, reg_requests, reg_fraud, reg_recap, reg_board):
        part.register()
