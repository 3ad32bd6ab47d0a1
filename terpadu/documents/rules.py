"""What a file is, judged by its bytes and never by its name, and how to say so in Bahasa Indonesia.

Pure functions over a readable, seekable binary stream: no database, no Django.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

import filetype

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HEAD_BYTES = 8192
CHUNK_BYTES = 64 * 1024
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Kind:
    """A type of file Terpadu recognises: its MIME type, how users call it, its file extensions."""

    content_type: str
    noun: str
    name: str
    extensions: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.noun} {self.name}".strip()

    @property
    def extension(self) -> str:
        return self.extensions[0]


PDF = Kind("application/pdf", "", "PDF", ("pdf",))
PNG = Kind("image/png", "gambar", "PNG", ("png",))
JPEG = Kind("image/jpeg", "gambar", "JPEG", ("jpg", "jpeg"))
SPREADSHEET = Kind(XLSX, "lembar kerja", "Excel (XLSX)", ("xlsx",))
WORD = Kind(DOCX, "dokumen", "Word (DOCX)", ("docx",))
CSV = Kind("text/csv", "", "CSV", ("csv",))
TEXT = Kind("text/plain", "teks", "biasa (TXT)", ("txt",))
ZIP = Kind("application/zip", "arsip", "ZIP", ("zip",))
#: every type with a name of its own, in the order messages list them
KINDS: tuple[Kind, ...] = (PDF, PNG, JPEG, SPREADSHEET, WORD, CSV, TEXT, ZIP)
_BY_TYPE = {kind.content_type: kind for kind in KINDS}


def kind_for(content_type: str) -> Kind:
    """The named kind of a MIME type (an anonymous one for types without a name of their own)."""
    return _BY_TYPE.get(content_type) or Kind(content_type, "", content_type, ())


def clean_name(name: str) -> str:
    """The file name without any directory part or control characters, at most 255 characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = _UNSAFE_NAME.sub("", base).strip() or "berkas"
    if len(base) <= 255:
        return base
    stem, dot, ext = base.rpartition(".")
    return (stem[: 254 - len(ext)] + dot + ext) if dot and len(ext) < 20 else base[:255]


def extension_of(name: str) -> str:
    """The lower-case extension of a file name without the dot ("" when it has none)."""
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""


def _ooxml(stream: BinaryIO) -> Kind | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" in names:
        if any(n.startswith("xl/") for n in names):
            return SPREADSHEET
        if any(n.startswith("word/") for n in names):
            return WORD
    return ZIP


def is_text(stream: BinaryIO) -> bool:
    """UTF-8 text without NUL bytes, checked over the whole stream in chunks."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := stream.read(CHUNK_BYTES):
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _by_magic(head: bytes) -> Kind | None:
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    return None


def detect(stream: BinaryIO, extension: str = "") -> Kind | None:
    """What ``stream`` holds, from its content; ``extension`` only tells CSV from plain text."""
    stream.seek(0)
    head = stream.read(HEAD_BYTES)
    stream.seek(0)
    kind = _by_magic(head)
    if kind is None and head.startswith(b"PK\x03\x04"):
        kind = _ooxml(stream)
    elif kind is None and is_text(stream):
        kind = CSV if extension == "csv" else TEXT
    elif kind is None and (guess := filetype.guess(head)) is not None:
        kind = kind_for(guess.mime)
        kind = kind if kind.extensions else Kind(guess.mime, "", guess.mime, (guess.extension,))
    stream.seek(0)
    return kind


def contradicts(kind: Kind, extension: str) -> bool:
    """A name whose extension says something other than the content ("forged extension")."""
    return bool(extension) and extension not in kind.extensions


def describe_allowed(allowed: frozenset[str]) -> str:
    """``{"image/png", "image/jpeg", "application/pdf"}`` → "PDF, gambar PNG/JPEG"."""
    groups: dict[str, list[str]] = {}
    for kind in [k for k in KINDS if k.content_type in allowed]:
        groups.setdefault(kind.noun, []).append(kind.name)
    parts = [f"{noun} {'/'.join(names)}".strip() for noun, names in groups.items()]
    return ", ".join(parts + sorted(allowed - _BY_TYPE.keys()))


def format_size(size: int) -> str:
    """Bytes as people read them: "512 bita", "300 KB", "1,5 MB" (decimal comma, binary units)."""
    if size < 1024:
        return f"{size} bita"
    value, unit = (size / 1024, "KB") if size < 1024 * 1024 else (size / (1024 * 1024), "MB")
    text = f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{text} {unit}"
