"""Request validation errors (pydantic) in Bahasa Indonesia, field by field.

The API's own checks already speak Indonesian (they raise ``ValueError("…")`` in schemas, or the services'
errors); pydantic's built-in ones are translated here by error type, keeping the limit it reports.
"""

from __future__ import annotations

from typing import Any

MESSAGES: dict[str, str] = {
    "missing": "Wajib diisi.",
    "string_type": "Harus berupa teks.",
    "string_too_short": "Terlalu pendek: paling sedikit {min_length} karakter.",
    "string_too_long": "Terlalu panjang: paling banyak {max_length} karakter.",
    "string_pattern_mismatch": "Formatnya tidak sesuai.",
    "int_type": "Harus berupa bilangan bulat.",
    "int_parsing": "Harus berupa bilangan bulat.",
    "int_from_float": "Harus berupa bilangan bulat.",
    "float_type": "Harus berupa angka.",
    "float_parsing": "Harus berupa angka.",
    "decimal_type": "Harus berupa angka desimal.",
    "decimal_parsing": "Harus berupa angka desimal.",
    "bool_type": "Harus true atau false.",
    "bool_parsing": "Harus true atau false.",
    "list_type": "Harus berupa daftar.",
    "dict_type": "Harus berupa objek.",
    "model_type": "Harus berupa objek.",
    "model_attributes_type": "Harus berupa objek.",
    "date_type": "Harus berupa tanggal (YYYY-MM-DD).",
    "date_parsing": "Harus berupa tanggal (YYYY-MM-DD).",
    "date_from_datetime_parsing": "Harus berupa tanggal (YYYY-MM-DD).",
    "datetime_type": "Harus berupa waktu ISO 8601.",
    "datetime_parsing": "Harus berupa waktu ISO 8601.",
    "datetime_from_date_parsing": "Harus berupa waktu ISO 8601.",
    "uuid_type": "Harus berupa UUID.",
    "uuid_parsing": "Harus berupa UUID.",
    "greater_than": "Harus lebih dari {gt}.",
    "greater_than_equal": "Paling kecil {ge}.",
    "less_than": "Harus kurang dari {lt}.",
    "less_than_equal": "Paling besar {le}.",
    "too_short": "Terlalu sedikit: paling sedikit {min_length} butir.",
    "too_long": "Terlalu banyak: paling banyak {max_length} butir.",
    "literal_error": "Pilihan tidak dikenal; pilih: {expected}.",
    "enum": "Pilihan tidak dikenal; pilih: {expected}.",
    "json_invalid": "Isi permintaan bukan JSON yang sah.",
    "extra_forbidden": "Isian ini tidak dikenal.",
}
VALUE_ERROR_PREFIXES = ("Value error, ", "Assertion failed, ")


def indonesian(error: dict[str, Any]) -> str:
    """One pydantic error as a message for the user."""
    kind, message = str(error.get("type", "")), str(error.get("msg", ""))
    for prefix in VALUE_ERROR_PREFIXES:
        if message.startswith(prefix):
            return message.removeprefix(prefix)
    template = MESSAGES.get(kind)
    if template is None:  # the project's own error types carry Indonesian messages
        return message or "Nilai tidak valid."
    try:
        return template.format(**(error.get("ctx") or {}))
    except (KeyError, IndexError, ValueError):
        return "Nilai tidak valid."
