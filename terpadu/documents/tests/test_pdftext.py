"""The test helper that reads a PDF's text cuts each stream by its /Length (a compressed stream may end in a
carriage return, which a search for "endstream" would take as the line break before the keyword)."""

import itertools
import zlib

from .pdftext import _streams


def _ending_in_carriage_return() -> tuple[bytes, bytes]:
    for n in itertools.count():
        text = f"Renja {n} dicetak pukul {n % 24:02d}.{n % 60:02d} WITA".encode()
        packed = zlib.compress(text)
        if packed.endswith(b"\r"):
            return text, packed
    raise AssertionError("unreachable")


def test_a_stream_ending_in_a_carriage_return_is_read_whole():
    text, packed = _ending_in_carriage_return()
    pdf = (
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
        + b"2 0 obj\n<< /Filter /FlateDecode /Length "
        + str(len(packed)).encode()
        + b" >>\nstream\n"
        + packed
        + b"\nendstream\nendobj\n"
    )
    assert _streams(pdf) == [text]
