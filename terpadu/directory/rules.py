"""Pure rules of the directory (RULES.md §11): the NIP of a civil servant. No database, no Django."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

NIP_LENGTH = 18
ADULT_AGE = 18
GENDER_DIGITS = {"1": "L", "2": "P"}  # 1 = laki-laki (male), 2 = perempuan (female)


class NipError(ValueError):
    """A NIP that breaks RULES.md §11; the message is for the user, in Bahasa Indonesia."""


@dataclass(frozen=True)
class NipInfo:
    birth_date: date
    appointment_year: int
    appointment_month: int
    gender: str  # "L" or "P"
    sequence: int


def _birthday_at(birth: date, age: int) -> date:
    year = birth.year + age
    if birth.month == 2 and birth.day == 29 and not calendar.isleap(year):
        return date(year, 3, 1)
    return birth.replace(year=year)


def parse_nip(raw: str) -> NipInfo:
    """Parse and validate an 18-digit NIP: YYYYMMDD birth · YYYYMM appointment (TMT CPNS) · gender · NNN.

    Valid when the birth date is a real date, the appointment month is a real month that starts
    on or after the 18th birthday, and the gender digit is 1 or 2.
    """
    nip = (raw or "").strip().replace(" ", "")
    if len(nip) != NIP_LENGTH or not nip.isdigit():
        raise NipError("NIP harus terdiri dari 18 angka.")
    try:
        birth = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise NipError("Tanggal lahir pada NIP (angka 1–8) bukan tanggal yang sah.") from None
    year, month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= month <= 12:
        raise NipError("Bulan TMT CPNS pada NIP (angka 13–14) harus 01 sampai 12.")
    if date(year, month, 1) < _birthday_at(birth, ADULT_AGE):
        raise NipError("TMT CPNS pada NIP (angka 9–14) harus setelah pegawai berusia 18 tahun.")
    gender_digit = nip[14]
    if gender_digit not in GENDER_DIGITS:
        raise NipError("Kode jenis kelamin pada NIP (angka ke-15) harus 1 (laki-laki) atau 2 (perempuan).")
    return NipInfo(birth, year, month, GENDER_DIGITS[gender_digit], int(nip[15:18]))


def is_valid_nip(raw: str) -> bool:
    try:
        parse_nip(raw)
    except NipError:
        return False
    return True


def parse_pppk_number(raw: str) -> date:
    """NI PPPK: 18 digits beginning with the birth date. Returns the birth date."""
    number = (raw or "").strip().replace(" ", "")
    if len(number) != NIP_LENGTH or not number.isdigit():
        raise NipError("NI PPPK harus terdiri dari 18 angka.")
    try:
        return date(int(number[0:4]), int(number[4:6]), int(number[6:8]))
    except ValueError:
        raise NipError("Tanggal lahir pada NI PPPK (angka 1–8) bukan tanggal yang sah.") from None


def format_name(name: str, front_title: str = "", back_title: str = "") -> str:
    """A name with its academic titles: "dr. Siti Aminah, M.Kes"."""
    full = f"{front_title.strip()} {name.strip()}".strip()
    return f"{full}, {back_title.strip()}" if back_title.strip() else full
