"""Pure rules of machine-log imports (fingerprint/face machines): the header, the identifiers, the timestamps,
row errors in Bahasa Indonesia, and which punch of a day counts as the check-in. No database, no Django.

A log has the header ``nip,timestamp[,device]`` (names case-insensitive, any order, other columns ignored).
``nip`` holds an employee's NIP (or NI PPPK), or the machine's own user id, which the agency maps to an
employee (MachineUserMap). ``timestamp`` is ISO 8601 with a time of day; without an offset it is the
government's local time. Rows are numbered as in the file: the header is row 1.

Direction: machines rarely record it. The earliest punch of an employee's local day (earlier than every other
punch of that day, in the file or already stored) is ``in``; every later punch of the day is ``out`` — so a
single punch is a check-in and the last of several is the check-out. The day engine takes the first and the
last event of the day anyway; the kind is what people see in the event list.

:func:`parse_rows` keeps the valid rows in compact arrays (about 25 bytes a row) so that a log of a million
punches fits in memory, and makes one pass over the rows; identifiers are resolved from plain dictionaries
the service reads with one query each.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo

NIP, TIMESTAMP, DEVICE = "nip", "timestamp", "device"
REQUIRED = (NIP, TIMESTAMP)
NIP_LENGTH = 18
MAX_ID = 40
MAX_DEVICE = 100
#: a machine clock a little ahead of the server is not "the future"
FUTURE_TOLERANCE = timedelta(minutes=5)
PROGRESS_EVERY = 50_000
#: row errors kept and shown (the count of all of them is always given)
MAX_ERRORS = 1000
IN, OUT = "in", "out"
EPOCH = datetime(1970, 1, 1)
ONE_US = timedelta(microseconds=1)
#: key of an employee's day: employee id * DAY_SPAN + proleptic ordinal of the local date
DAY_SPAN = 1_000_000

EMPTY_ID = "NIP atau ID mesin kosong."
EMPTY_TIME = "Waktu kosong."
BAD_TIME = (
    "Waktu {value!r} tidak sah; gunakan ISO 8601 dengan jam, mis. 2026-03-02T07:31:00+08:00 atau 2026-03-02 07:31:00."
)
FUTURE = "Waktu {value} ada di masa depan."
UNKNOWN_NIP = "NIP {value} tidak terdaftar pada pemerintah daerah ini."
UNKNOWN_ID = "ID mesin {value!r} tidak dikenal: petakan dulu ke NIP pegawai (Pemetaan ID mesin)."
OTHER_AGENCY = "Pegawai {value} bukan pegawai {agency}."
NUMBER_ID = "NIP tertulis sebagai angka; tulis NIP sebagai teks agar angkanya tidak berubah."
LONG_ID = f"NIP atau ID mesin paling panjang {MAX_ID} karakter."
LONG_DEVICE = f"Nama mesin paling panjang {MAX_DEVICE} karakter."
MISSING_COLUMN = "Kolom {name} tidak ada pada baris judul (judul: nip,timestamp[,device])."
NO_ROWS = "Berkas tidak memuat baris data di bawah judul."


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass(frozen=True)
class Columns:
    """Where each column is in a row (0-based); ``device`` is None when the file has none."""

    nip: int
    timestamp: int
    device: int | None


class TimestampError(ValueError):
    pass


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_header(cells: Sequence[object]) -> Columns | list[RowError]:
    """The column positions, or the header's errors (row 1)."""
    names = [cell_text(cell).lstrip("\ufeff").strip().lower() for cell in cells]
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        return [RowError(1, name, MISSING_COLUMN.format(name=name)) for name in missing]
    return Columns(names.index(NIP), names.index(TIMESTAMP), names.index(DEVICE) if DEVICE in names else None)


def identifier(value: object) -> str:
    """The NIP or machine user id of a cell; raises ValueError with the message for a cell that cannot be one."""
    if isinstance(value, float):  # an 18-digit number in Excel has lost its last digits
        raise ValueError(NUMBER_ID)
    text = cell_text(value)
    if not text:
        raise ValueError(EMPTY_ID)
    if len(text) > MAX_ID:
        raise ValueError(LONG_ID)
    return text


def looks_like_nip(text: str) -> bool:
    return len(text) == NIP_LENGTH and text.isdigit()


def _local_naive(value: object) -> tuple[datetime, bool]:
    """A datetime from a cell (text or an XLSX date) and whether it carried its own offset."""
    if isinstance(value, datetime):
        return value, value.tzinfo is not None
    text = cell_text(value)
    if len(text) < 16 or text[10] not in "Tt ":
        raise TimestampError(text)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise TimestampError(text) from None
    return parsed, parsed.tzinfo is not None


def to_utc(value: object, zone: tzinfo) -> datetime:
    """A timestamp as a naive UTC datetime; a timestamp without offset is local time in ``zone``."""
    moment, aware = _local_naive(value)
    if aware:
        return moment.astimezone(UTC).replace(tzinfo=None)
    offset = zone.utcoffset(moment)
    assert offset is not None
    return moment - offset


def local_day(utc: datetime, zone: tzinfo) -> date:
    """The local date in ``zone`` of a naive UTC datetime."""
    return utc.replace(tzinfo=UTC).astimezone(zone).date()


@dataclass
class Parsed:
    """The valid rows of a log, column by column, and the errors of the others."""

    rows: int = 0
    employee: array[int] = field(default_factory=lambda: array("q"))
    #: UTC microseconds since 1970-01-01
    micros: array[int] = field(default_factory=lambda: array("q"))
    #: proleptic ordinal of the local date
    day: array[int] = field(default_factory=lambda: array("l"))
    #: index into ``devices``
    device: array[int] = field(default_factory=lambda: array("l"))
    devices: list[str] = field(default_factory=lambda: [""])
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0

    def fail(self, row: int, column: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(RowError(row, column, message))

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def valid(self) -> int:
        return len(self.employee)


@dataclass(frozen=True)
class Directory:
    """Who an identifier is: NIP/NI PPPK of the government and machine ids of the agency → (employee, agency)."""

    numbers: Mapping[str, tuple[int, int | None]]
    machine_ids: Mapping[str, tuple[int, int | None]]
    agency_id: int
    agency_name: str

    def employee_of(self, text: str) -> int:
        """The employee id of an identifier; raises ValueError with the row's message."""
        found = (self.numbers.get(text) if looks_like_nip(text) else None) or self.machine_ids.get(text)
        if found is None:
            raise ValueError((UNKNOWN_NIP if looks_like_nip(text) else UNKNOWN_ID).format(value=text))
        if found[1] != self.agency_id:
            raise ValueError(OTHER_AGENCY.format(value=text, agency=self.agency_name))
        return found[0]


class _Clock:
    """UTC conversion with the zone's offset looked up once per local hour (text timestamps without offset)."""

    def __init__(self, zone: tzinfo) -> None:
        self.zone = zone
        self.offsets: dict[str, timedelta] = {}

    def utc(self, value: object) -> datetime:
        if isinstance(value, str) and len(value) == 19 and value[10] in "T ":
            try:
                moment = datetime.fromisoformat(value)
            except ValueError:
                raise TimestampError(value) from None
            if moment.tzinfo is None:
                offset = self.offsets.get(value[:13])
                if offset is None:
                    offset = self.offsets[value[:13]] = self.zone.utcoffset(moment) or timedelta(0)
                return moment - offset
        return to_utc(value, self.zone)


class _Days:
    """Local date ordinals of UTC instants, with the zone's offset looked up once per UTC hour."""

    def __init__(self, zone: tzinfo) -> None:
        self.zone = zone
        self.offsets: dict[int, timedelta] = {}

    def ordinal(self, utc: datetime, micros: int) -> int:
        hour = micros // 3_600_000_000
        offset = self.offsets.get(hour)
        if offset is None:
            offset = utc.replace(tzinfo=UTC).astimezone(self.zone).utcoffset()
            assert offset is not None
            self.offsets[hour] = offset
        return (utc + offset).toordinal()


def _cell(row: Sequence[object], index: int | None) -> object:
    return row[index] if index is not None and index < len(row) else None


def _blank(row: Sequence[object]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row)


class _Parser:
    """One pass over the rows. Text rows in the common shape (a known NIP, ``YYYY-MM-DD HH:MM:SS`` local
    time) take a short path; any other row is checked field by field and its errors recorded."""

    def __init__(self, *, columns: Columns, zone: tzinfo, now: datetime, directory: Directory) -> None:
        self.columns, self.directory, self.clock, self.days = columns, directory, _Clock(zone), _Days(zone)
        self.latest = now.astimezone(UTC).replace(tzinfo=None) + FUTURE_TOLERANCE
        self.device_index: dict[str, int] = {"": 0}
        self.parsed = Parsed()
        self.blank = 0

    def keep(self, employee: int, utc: datetime, ordinal: int | None, device: str) -> None:
        parsed = self.parsed
        micros = (utc - EPOCH) // ONE_US
        parsed.employee.append(employee)
        parsed.micros.append(micros)
        parsed.day.append(self.days.ordinal(utc, micros) if ordinal is None else ordinal)
        if (at := self.device_index.get(device)) is None:
            at = self.device_index[device] = len(parsed.devices)
            parsed.devices.append(device)
        parsed.device.append(at)

    def fast(self, row: Sequence[object]) -> bool:
        """Keep a row in the common shape; False when it needs the full check."""
        columns = self.columns
        try:
            ident, stamp = row[columns.nip], row[columns.timestamp]
            device = "" if columns.device is None else row[columns.device]
        except IndexError:
            return False
        if type(ident) is not str or type(stamp) is not str or type(device) is not str or len(stamp) != 19:
            return False
        directory = self.directory
        found = directory.numbers.get(ident) or directory.machine_ids.get(ident)
        offset = self.clock.offsets.get(stamp[:13])
        if found is None or found[1] != directory.agency_id or offset is None:
            return False
        if device not in self.device_index and (len(device) > MAX_DEVICE or device != device.strip()):
            return False
        try:
            local = datetime.fromisoformat(stamp)
        except ValueError:
            return False
        if local.tzinfo is not None or local - offset > self.latest:
            return False
        self.keep(found[0], local - offset, local.toordinal(), device)
        return True

    def check(self, number: int, row: Sequence[object]) -> None:
        """The full check of one row: every field, every error."""
        columns, parsed = self.columns, self.parsed
        if _blank(row):
            self.blank += 1
            return
        employee = _employee(parsed, number, _cell(row, columns.nip), self.directory)
        utc = _moment(parsed, number, _cell(row, columns.timestamp), self.clock, self.latest)
        device = cell_text(_cell(row, columns.device))
        if len(device) > MAX_DEVICE:
            parsed.fail(number, DEVICE, LONG_DEVICE)
        elif employee is not None and utc is not None:
            self.keep(employee, utc, None, device)


def parse_rows(
    rows: Iterable[Sequence[object]],
    *,
    columns: Columns,
    zone: tzinfo,
    now: datetime,
    directory: Directory,
    progress: Callable[[int], None] | None = None,
) -> Parsed:
    """Check every data row (the first is row 2) and keep the valid ones. ``now`` is aware.

    ``progress(rows_read)`` is called every :data:`PROGRESS_EVERY` rows."""
    parser = _Parser(columns=columns, zone=zone, now=now, directory=directory)
    fast, check = parser.fast, parser.check
    number = 1
    for number, row in enumerate(rows, start=2):
        if not fast(row):
            check(number, row)
        if progress is not None and number % PROGRESS_EVERY == 0:
            progress(number - 1)
    parser.parsed.rows = number - 1 - parser.blank
    return parser.parsed


def _employee(parsed: Parsed, number: int, value: object, directory: Directory) -> int | None:
    try:
        return directory.employee_of(identifier(value))
    except ValueError as exc:
        parsed.fail(number, NIP, str(exc))
        return None


def _moment(parsed: Parsed, number: int, value: object, clock: _Clock, latest: datetime) -> datetime | None:
    if cell_text(value) == "":
        parsed.fail(number, TIMESTAMP, EMPTY_TIME)
        return None
    try:
        utc = clock.utc(value)
    except (TimestampError, ValueError, OverflowError):
        parsed.fail(number, TIMESTAMP, BAD_TIME.format(value=cell_text(value)))
        return None
    if utc > latest:
        parsed.fail(number, TIMESTAMP, FUTURE.format(value=cell_text(value)))
        return None
    return utc


def day_key(employee_id: int, ordinal: int) -> int:
    return employee_id * DAY_SPAN + ordinal


def kinds(parsed: Parsed, stored_first: Mapping[int, int]) -> bytearray:
    """``in``/``out`` of each valid row as bytes (b"i"/b"o"): the earliest punch of the employee's local day —
    earlier than every other punch of that day in the file and in ``stored_first`` (day key → earliest stored
    UTC microseconds) — is the check-in, every later one a check-out."""
    first: dict[int, int] = {}
    keys = [day_key(e, d) for e, d in zip(parsed.employee, parsed.day, strict=True)]
    for key, micros in zip(keys, parsed.micros, strict=True):
        known = first.get(key)
        if known is None or micros < known:
            first[key] = micros
    for key, micros in stored_first.items():
        if key in first and micros < first[key]:
            first[key] = -1
    out = bytearray(b"o" * len(keys))
    for i, (key, micros) in enumerate(zip(keys, parsed.micros, strict=True)):
        if first[key] == micros:
            out[i] = ord("i")
    return out


def kind_name(code: int) -> str:
    return IN if code == ord("i") else OUT


def utc_of(micros: int) -> datetime:
    """The naive UTC datetime of microseconds since the epoch."""
    return EPOCH + timedelta(microseconds=micros)
