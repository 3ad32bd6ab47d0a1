"""Text of a WeasyPrint PDF, for assertions, without a PDF library: inflate the streams, read the fonts'
ToUnicode maps, decode the text-showing operators (Tj, TJ) with each map."""

from __future__ import annotations

import re
import zlib

#: an object's dictionary up to its ``stream`` keyword, never reaching back into an earlier object
_STREAM_START = re.compile(rb"\bobj\s*<<((?:(?!endobj).)*?)>>\s*stream\r?\n", re.S)
_LENGTH = re.compile(rb"/Length\s+(\d+)(?!\s+\d+\s+R)")
_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_PAIR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_RUN = re.compile(rb"\[(.*?)\]\s*TJ|<([0-9A-Fa-f]*)>\s*Tj", re.S)
_HEX = re.compile(rb"<([0-9A-Fa-f]*)>")


def _stream_bodies(data: bytes) -> list[tuple[bytes, bytes]]:
    """(dictionary, raw body) of every stream, cut by its /Length: compressed bytes may themselves end in a
    carriage return or hold "endstream", so searching for the keyword alone would cut some streams short."""
    found = []
    for match in _STREAM_START.finditer(data):
        head, start = match.group(1), match.end()
        length = _LENGTH.search(head)
        if length is not None:
            found.append((head, data[start : start + int(length.group(1))]))
        else:  # an indirect length: fall back to the keyword
            end = data.find(b"endstream", start)
            found.append((head, data[start:end].rstrip(b"\r\n")))
    return found


def _streams(data: bytes) -> list[bytes]:
    return [zlib.decompress(body) if b"FlateDecode" in head else body for head, body in _stream_bodies(data)]


def _cmap(text: bytes) -> dict[bytes, str]:
    mapping: dict[bytes, str] = {}
    for block in _BFCHAR.findall(text):
        for src, dst in _PAIR.findall(block):
            mapping[src.upper()] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in _BFRANGE.findall(text):
        for low, high, dst in _RANGE.findall(block):
            start = int(dst, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[f"{code:0{len(low)}X}".encode()] = chr(start + offset)
    return mapping


def pdf_text(data: bytes) -> str:
    streams = _streams(data)
    cmaps = [_cmap(s) for s in streams if b"beginbfchar" in s or b"beginbfrange" in s]
    runs = [b"".join(_HEX.findall(arr)) if arr else single for s in streams for arr, single in _RUN.findall(s)]
    lines = []
    for cmap in cmaps:
        width = len(next(iter(cmap))) if cmap else 4
        for run in runs:
            lines.append("".join(cmap.get(run[i : i + width].upper(), "") for i in range(0, len(run), width)))
    return "\n".join(lines)


def pdf_objects(data: bytes) -> bytes:
    """The file with its compressed streams (object streams included) inflated."""
    return data + b"\n".join(_streams(data))


def page_count(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf_objects(data)))
