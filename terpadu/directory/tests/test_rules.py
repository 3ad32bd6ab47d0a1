"""RULES.md §11 — the NIP: every boundary."""

from datetime import date

import pytest

from terpadu.directory.rules import NipError, format_name, is_valid_nip, parse_nip, parse_pppk_number


def test_valid_nip_is_parsed_into_its_parts():
    info = parse_nip("198503142010031002")
    assert info.birth_date == date(1985, 3, 14)
    assert (info.appointment_year, info.appointment_month) == (2010, 3)
    assert info.gender == "L"
    assert info.sequence == 2


def test_gender_digit_two_is_female():
    assert parse_nip("199001012015032001").gender == "P"


@pytest.mark.parametrize("digit", ["0", "3", "9"])
def test_gender_digit_other_than_1_or_2_is_refused(digit):
    with pytest.raises(NipError, match="jenis kelamin"):
        parse_nip(f"19900101201503{digit}001")


@pytest.mark.parametrize("raw", ["19900101201503100", "1990010120150310011", "19900101201503100A", ""])
def test_nip_must_be_exactly_18_digits(raw):
    with pytest.raises(NipError, match="18 angka"):
        parse_nip(raw)


@pytest.mark.parametrize("birth", ["19900230", "19901301", "19900100", "19890229"])
def test_birth_date_must_be_real(birth):
    with pytest.raises(NipError, match="Tanggal lahir"):
        parse_nip(f"{birth}2015031001")


def test_leap_day_birth_is_a_real_date():
    assert parse_nip("199202292015031001").birth_date == date(1992, 2, 29)


@pytest.mark.parametrize("month", ["00", "13"])
def test_appointment_month_must_be_1_to_12(month):
    with pytest.raises(NipError, match="Bulan TMT"):
        parse_nip(f"199001012015{month}1001")


def test_appointment_on_the_18th_birthday_month_start_is_valid():
    # born 1 March 1990: 18 on 1 March 2008; TMT 1 March 2008 is on that day
    assert is_valid_nip("199003012008031001")


def test_appointment_before_the_18th_birthday_is_refused():
    # born 2 March 1990: still 17 on 1 March 2008
    with pytest.raises(NipError, match="18 tahun"):
        parse_nip("199003022008031001")
    assert is_valid_nip("199003022008041001")


def test_leap_day_birth_turns_18_on_1_march():
    assert not is_valid_nip("199202292010021001")  # 1 Feb 2010: 17
    assert is_valid_nip("199202292010031001")  # 1 Mar 2010: 18


def test_pppk_number_needs_18_digits_and_a_real_birth_date():
    assert parse_pppk_number("198901012021211001") == date(1989, 1, 1)
    with pytest.raises(NipError, match="NI PPPK"):
        parse_pppk_number("1989")
    with pytest.raises(NipError, match="Tanggal lahir"):
        parse_pppk_number("198913012021211001")


def test_name_with_titles():
    assert format_name("Siti Aminah", "dr.", "M.Kes") == "dr. Siti Aminah, M.Kes"
    assert format_name("Budi") == "Budi"
