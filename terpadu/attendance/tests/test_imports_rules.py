"""Machine-log rules: the header, identifiers, timestamps in WIB/WITA/WIT with and without offset, row errors
(numbered as in the file, header = row 1) and which punch of a day is the check-in."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from terpadu.attendance import machine_import_files as files
from terpadu.attendance import machine_import_rules as rules

WIB, WITA, WIT = ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Makassar"), ZoneInfo("Asia/Jayapura")
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
NIP_A, NIP_B, NIP_OTHER = "198503142010031001", "198503142010031002", "198503142010031003"
DIRECTORY = rules.Directory(
    numbers={NIP_A: (11, 1), NIP_B: (12, 1), NIP_OTHER: (13, 2)},
    machine_ids={"77": (12, 1), "88": (13, 2)},
    agency_id=1,
    agency_name="Dinas Kesehatan",
)
COLUMNS = rules.Columns(0, 1, 2)


def parse(rows, zone=WITA, directory=DIRECTORY, columns=COLUMNS):
    return rules.parse_rows(rows, columns=columns, zone=zone, now=NOW, directory=directory)


def utc(parsed, i=0):
    return rules.utc_of(parsed.micros[i])


# --- header -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (["nip", "timestamp", "device"], rules.Columns(0, 1, 2)),
        (["NIP", "Timestamp"], rules.Columns(0, 1, None)),
        (["\ufeffnip", " TIMESTAMP ", "Device", "lain"], rules.Columns(0, 1, 2)),
        (["device", "timestamp", "nip"], rules.Columns(2, 1, 0)),
    ],
)
def test_header_names_are_case_insensitive_in_any_order(header, expected):
    assert rules.read_header(header) == expected


def test_header_without_required_columns_is_row_one_errors():
    assert rules.read_header(["id", "waktu"]) == [
        rules.RowError(1, "nip", "Kolom nip tidak ada pada baris judul (judul: nip,timestamp[,device])."),
        rules.RowError(1, "timestamp", "Kolom timestamp tidak ada pada baris judul (judul: nip,timestamp[,device])."),
    ]


# --- timestamps ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "text", "expected_utc"),
    [
        (WIB, "2026-03-02 07:30:00", datetime(2026, 3, 2, 0, 30)),
        (WITA, "2026-03-02 07:30:00", datetime(2026, 3, 1, 23, 30)),
        (WIT, "2026-03-02 07:30:00", datetime(2026, 3, 1, 22, 30)),
        (WITA, "2026-03-02T07:30", datetime(2026, 3, 1, 23, 30)),
        (WITA, "2026-03-02T07:30:00+07:00", datetime(2026, 3, 2, 0, 30)),
        (WIB, "2026-03-02T07:30:00+09:00", datetime(2026, 3, 1, 22, 30)),
        (WIT, "2026-03-01T23:30:00Z", datetime(2026, 3, 1, 23, 30)),
        (WITA, "2026-03-02 07:30:00.250000", datetime(2026, 3, 1, 23, 30, 0, 250000)),
        (WITA, datetime(2026, 3, 2, 7, 30), datetime(2026, 3, 1, 23, 30)),
    ],
)
def test_timestamp_without_offset_is_local_time_with_offset_is_itself(zone, text, expected_utc):
    assert rules.to_utc(text, zone) == expected_utc


@pytest.mark.parametrize(
    ("zone", "text", "local"),
    [
        (WIB, "2026-03-02 00:10:00", date(2026, 3, 2)),
        (WITA, "2026-03-02T00:10:00+08:00", date(2026, 3, 2)),
        (WIT, "2026-03-01T16:30:00Z", date(2026, 3, 2)),  # 01:30 WIT the next day
        (WIB, "2026-03-01T16:30:00Z", date(2026, 3, 1)),  # 23:30 WIB
        (WITA, "2026-03-02T07:00:00+09:00", date(2026, 3, 2)),  # 06:00 WITA
    ],
)
def test_local_date_is_in_the_governments_zone(zone, text, local):
    parsed = parse([[NIP_A, text, ""]], zone=zone)

    assert parsed.ok and date.fromordinal(parsed.day[0]) == local
    assert rules.local_day(utc(parsed), zone) == local


@pytest.mark.parametrize(
    "text", ["2026-03-02", "02/03/2026 07:30", "2026-13-02 07:30:00", "kemarin pagi", "2026-03-02 25:00"]
)
def test_bad_timestamps_are_refused(text):
    with pytest.raises(rules.TimestampError):
        rules.to_utc(text, WITA)


# --- rows ---------------------------------------------------------------------------------------------------------


def test_valid_rows_are_kept_with_employee_time_day_and_device():
    parsed = parse([[NIP_A, "2026-03-02 07:31:05", "MESIN-1"], ["77", "2026-03-02 16:02:00", ""]])

    assert (parsed.rows, parsed.valid, parsed.ok) == (2, 2, True)
    assert list(parsed.employee) == [11, 12]
    assert [utc(parsed, 0), utc(parsed, 1)] == [datetime(2026, 3, 1, 23, 31, 5), datetime(2026, 3, 2, 8, 2)]
    assert [parsed.devices[i] for i in parsed.device] == ["MESIN-1", ""]
    assert list(parsed.day) == [date(2026, 3, 2).toordinal()] * 2


def test_every_row_error_has_the_files_row_number_column_and_message():
    rows = [
        [NIP_A, "2026-03-02 07:31:00", "M1"],  # row 2 ok
        ["", "2026-03-02 07:31:00", "M1"],  # row 3
        [NIP_A, "", "M1"],  # row 4
        ["199912312020121999", "2026-03-02 07:31:00"],  # row 5: unknown NIP
        ["55", "2026-03-02 07:31:00"],  # row 6: unknown machine id
        [NIP_OTHER, "2026-03-02 07:31:00"],  # row 7: other agency
        ["88", "2026-03-02 07:31:00"],  # row 8: mapped, other agency
        [NIP_A, "2026-03-02 jam 7"],  # row 9: bad
        [NIP_A, "2026-03-10 20:06:00"],  # row 10: future (12:06 UTC, more than 5 minutes ahead)
        [],  # row 11: blank, skipped
        [NIP_A, "2026-03-02 07:31:00", "X" * 101],  # row 12
        [1.5e17, "2026-03-02 07:31:00"],  # row 13: NIP typed as a number in Excel
    ]
    parsed = parse(rows)

    assert parsed.ok is False and parsed.rows == 11 and parsed.valid == 1
    assert [e.as_dict() for e in parsed.errors] == [
        {"row": 3, "column": "nip", "message": "NIP atau ID mesin kosong."},
        {"row": 4, "column": "timestamp", "message": "Waktu kosong."},
        {"row": 5, "column": "nip", "message": "NIP 199912312020121999 tidak terdaftar pada pemerintah daerah ini."},
        {
            "row": 6,
            "column": "nip",
            "message": "ID mesin '55' tidak dikenal: petakan dulu ke NIP pegawai (Pemetaan ID mesin).",
        },
        {"row": 7, "column": "nip", "message": f"Pegawai {NIP_OTHER} bukan pegawai Dinas Kesehatan."},
        {"row": 8, "column": "nip", "message": "Pegawai 88 bukan pegawai Dinas Kesehatan."},
        {
            "row": 9,
            "column": "timestamp",
            "message": "Waktu '2026-03-02 jam 7' tidak sah; gunakan ISO 8601 dengan jam, mis. "
            "2026-03-02T07:31:00+08:00 atau 2026-03-02 07:31:00.",
        },
        {"row": 10, "column": "timestamp", "message": "Waktu 2026-03-10 20:06:00 ada di masa depan."},
        {"row": 12, "column": "device", "message": "Nama mesin paling panjang 100 karakter."},
        {
            "row": 13,
            "column": "nip",
            "message": "NIP tertulis sebagai angka; tulis NIP sebagai teks agar angkanya tidak berubah.",
        },
    ]
    assert parsed.error_count == 10


def test_a_clock_five_minutes_ahead_is_not_the_future():
    assert parse([[NIP_A, "2026-03-10 20:05:00"]]).ok  # 12:05 UTC, now 12:00
    assert not parse([[NIP_A, "2026-03-10T12:05:01Z"]]).ok


def test_whitespace_around_cells_and_integer_cells_are_accepted():
    parsed = parse([[f" {NIP_A} ", " 2026-03-02 07:31:00 ", " M1 "], [77, datetime(2026, 3, 2, 8, 0), None]])

    assert parsed.ok and list(parsed.employee) == [11, 12]
    assert [parsed.devices[i] for i in parsed.device] == ["M1", ""]


def test_errors_are_counted_beyond_those_kept():
    parsed = parse([["", "2026-03-02 07:31:00"]] * (rules.MAX_ERRORS + 5))

    assert len(parsed.errors) == rules.MAX_ERRORS and parsed.error_count == rules.MAX_ERRORS + 5


# --- in and out ---------------------------------------------------------------------------------------------------


def test_first_punch_of_the_local_day_is_in_later_ones_out():
    parsed = parse(
        [
            [NIP_A, "2026-03-02 12:00:00"],
            [NIP_A, "2026-03-02 07:30:00"],
            [NIP_A, "2026-03-02 16:00:00"],
            [NIP_B, "2026-03-02 07:45:00"],
            [NIP_A, "2026-03-03 07:29:00"],
        ]
    )

    assert [rules.kind_name(k) for k in rules.kinds(parsed, {})] == ["out", "in", "out", "in", "in"]


def test_a_stored_earlier_punch_makes_every_punch_of_the_file_out():
    parsed = parse([[NIP_A, "2026-03-02 16:00:00"], [NIP_B, "2026-03-02 16:00:00"]])
    earlier = (datetime(2026, 3, 1, 23, 30) - rules.EPOCH) // rules.ONE_US
    later = (datetime(2026, 3, 2, 9, 0) - rules.EPOCH) // rules.ONE_US
    stored = {
        rules.day_key(11, date(2026, 3, 2).toordinal()): earlier,
        rules.day_key(12, date(2026, 3, 2).toordinal()): later,
    }

    assert [rules.kind_name(k) for k in rules.kinds(parsed, stored)] == ["out", "in"]


# --- files --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "header", "rows"),
    [
        (b"nip,timestamp\r\n1,2\r\n3,4\r\n", ["nip", "timestamp"], [["1", "2"], ["3", "4"]]),
        (b"\xef\xbb\xbfNIP;Timestamp\n1;2", ["NIP", "Timestamp"], [["1", "2"]]),
        (b"nip\ttimestamp\tdevice\n1\t2\tMesin \xe9\n", ["nip", "timestamp", "device"], [["1", "2", "Mesin é"]]),
    ],
)
def test_csv_files_in_utf8_or_windows_1252_with_comma_semicolon_or_tab(data, header, rows):
    log = files.read_log(data)

    assert list(log.header) == header and [list(r) for r in log.rows] == rows
    assert files.estimate_rows(data) == len(rows)


def test_xlsx_first_sheet_read_only():
    from terpadu.directory.tests.factories import xlsx_bytes

    data = xlsx_bytes({"log": [["nip", "timestamp"], [NIP_A, datetime(2026, 3, 2, 7, 30)]]})
    log = files.read_log(data)

    assert list(log.header) == ["nip", "timestamp"]
    assert [list(r) for r in log.rows] == [[NIP_A, datetime(2026, 3, 2, 7, 30)]]
    assert files.estimate_rows(data) == 1


def test_damaged_xlsx_is_unreadable():
    with pytest.raises(files.UnreadableFile):
        files.read_log(b"PK\x03\x04 rusak")
