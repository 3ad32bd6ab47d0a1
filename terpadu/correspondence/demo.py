"""Demo data for Kabupaten Contoh: the ten top-level classification codes and the default letter
types. Idempotent."""

from __future__ import annotations

from terpadu.directory.models import Government

from . import services


def seed_demo_correspondence(government_id: int) -> str:
    government = Government.objects.get(pk=government_id)
    codes = services.classification_seed_top_levels(government)
    types = services.letter_type_seed_defaults(government)
    return f"E-Surat: {codes} kode klasifikasi pokok, {types} jenis naskah dinas."
