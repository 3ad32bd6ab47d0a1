"""The PDF of a letter (naskah dinas) on the kop, in the layout of its type (Permendagri 1/2023):

- *korespondensi* (surat dinas, surat undangan, …): place and date top right, Nomor/Sifat/Lampiran/Hal, Yth.
  addressees, body, signature block, Tembusan;
- *memo* (nota dinas, memo): the title, then a table Yth./Dari/Tembusan/Tanggal/Nomor/Sifat/Lampiran/Hal;
- *titled* (surat tugas, surat edaran, keputusan, peraturan, instruksi, the khusus and lainnya types): a centred
  title with "NOMOR …" (and "TENTANG …"), body, place and date, signature block.

A final PDF prints the number, the date, the frozen signature block, "Ditandatangani secara elektronik" and a QR
code of the public verification address; a draft prints "KONSEP" across every page and placeholders instead.
A security level other than biasa is printed at the top and bottom of every page.
"""

from __future__ import annotations

import re
from typing import Any

import segno

from terpadu.core.errors import ValidationFailed
from terpadu.core.formatting import tanggal
from terpadu.documents.interfaces import render_pdf

from .models import Letter, LetterRecipient
from .rules import SECURITY_LABELS, URGENCY_LABELS, SecurityLevel, Signer, Urgency
from .verification import verification_url

KORESPONDENSI, MEMO, TITLED = "korespondensi", "memo", "titled"
#: layout by letter-type code, then by document group; anything else is a titled document
LAYOUT_BY_CODE = {"nota_dinas": MEMO, "memo": MEMO, "surat_dinas": KORESPONDENSI, "surat_undangan": KORESPONDENSI}
LAYOUT_BY_GROUP = {"korespondensi": KORESPONDENSI}
TEMPLATES = {layout: f"correspondence/letters/{layout}.html" for layout in (KORESPONDENSI, MEMO, TITLED)}
#: titled types without a "TENTANG …" line
NO_ABOUT = frozenset({"surat_tugas", "surat_perintah", "surat_keterangan", "surat_kuasa", "surat_pengantar"})
#: types the regional head issues in his own name: "KEPUTUSAN BUPATI SUMBAWA BARAT"
HEAD_TITLED = frozenset({"peraturan", "keputusan", "instruksi", "surat_edaran"})
#: types enacted rather than dated: "Ditetapkan di … pada tanggal …"
ENACTED = frozenset({"peraturan", "keputusan"})
#: titled types addressed to someone (Yth. above the title)
ADDRESSED_TITLED = frozenset({"surat_edaran"})
NUMBER_PLACEHOLDER = "……………………"
DATE_PLACEHOLDER = "…………………"
REGION_PREFIXES = ("pemerintah ", "kabupaten ", "kota ", "provinsi ")


def layout_for(code: str, group: str) -> str:
    return LAYOUT_BY_CODE.get(code) or LAYOUT_BY_GROUP.get(group) or TITLED


def paragraphs(body: str) -> list[str]:
    """Paragraphs of a plain-text body: separated by blank lines, inner line breaks kept."""
    blocks = re.split(r"\n\s*\n", (body or "").replace("\r\n", "\n"))
    return [block.strip() for block in blocks if block.strip()]


def region_of(government_name: str) -> str:
    """ "Kabupaten Sumbawa Barat" → "Sumbawa Barat" (for "BUPATI SUMBAWA BARAT")."""
    name = government_name.strip()
    for prefix in REGION_PREFIXES:
        if name.lower().startswith(prefix):
            name = name[len(prefix) :].strip()
    return name


def document_title(*, type_name: str, code: str, authority: str, head_title: str, government_name: str) -> str:
    if authority == Signer.REGIONAL_HEAD and code in HEAD_TITLED:
        return f"{type_name} {head_title} {region_of(government_name)}".upper()
    return type_name.upper()


def letter_pdf_render(letter: Letter, *, final: bool) -> bytes:
    """The letter as PDF bytes: final (numbered, dated, signature block and verification QR) or a draft."""
    if final and not (letter.number and letter.letter_date and letter.signature_block):
        raise ValidationFailed("Naskah belum bernomor, bertanggal dan ditandatangani: PDF final belum dapat dibuat.")
    code, group = (letter.letter_type.code, letter.letter_type.group) if letter.letter_type else ("", "")
    layout = layout_for(code, group)
    context = letter_context(letter, final=final, layout=layout, code=code)
    agency_kop = letter.signing_authority in ("", Signer.AGENCY_HEAD)
    return render_pdf(
        template_name=TEMPLATES[layout],
        context=context,
        government_id=letter.government_id,
        title=context["document_title"] if final else f"KONSEP {context['document_title']}",
        agency_id=letter.agency_id if agency_kop else None,
    )


def letter_context(letter: Letter, *, final: bool, layout: str, code: str) -> dict[str, Any]:
    recipients = list(letter.recipients.order_by("order", "pk"))
    government = letter.government
    type_name = letter.letter_type.name if letter.letter_type else "Naskah Dinas"
    title = document_title(
        type_name=type_name,
        code=code,
        authority=letter.signing_authority,
        head_title=government.head_title,
        government_name=government.name,
    )
    security = SecurityLevel(letter.security_level)
    context: dict[str, Any] = {
        "letter": letter,
        "final": final,
        "document_title": title,
        "number": letter.number if final else NUMBER_PLACEHOLDER,
        "date_text": tanggal(letter.letter_date) if final else DATE_PLACEHOLDER,
        "place": letter.place,
        "place_date": _place_date(letter.place, tanggal(letter.letter_date) if final else DATE_PLACEHOLDER),
        "urgency": URGENCY_LABELS[Urgency(letter.urgency)],
        "security": SECURITY_LABELS[security],
        "security_mark": SECURITY_LABELS[security].upper() if security != SecurityLevel.BIASA else "",
        "attachment": letter.attachment_note or "-",
        "addressees": [r for r in recipients if r.kind == LetterRecipient.Kind.TO],
        "copies": [r for r in recipients if r.kind == LetterRecipient.Kind.CC],
        "paragraphs": paragraphs(letter.body),
        "signature": _signature(letter),
        "show_about": code not in NO_ABOUT,
        "enacted": code in ENACTED,
        "addressed": layout != TITLED or code in ADDRESSED_TITLED,
        "sender_title": _sender_title(letter),
    }
    if final:
        url = verification_url(letter.verification_token)
        context.update(verify_url=url, qr_svg=qr_svg(url))
    return context


def qr_svg(url: str) -> str:
    """An inline SVG QR code of ``url`` (no image fetch: the PDF renderer loads nothing)."""
    svg = segno.make(url, error="m").svg_inline(scale=1, border=2, omitsize=True, title="Kode QR verifikasi")
    return svg.replace("<svg ", '<svg class="qr" role="img" ', 1)


def _place_date(place: str, date_text: str) -> str:
    return f"{place}, {date_text}" if place else date_text


def _signature(letter: Letter) -> dict[str, Any]:
    """The frozen signature block, or (drafts) one made up from the intended signer."""
    if letter.signature_block:
        block = letter.signature_block
        return {
            "heading": list(block.get("heading", [])),
            "name": block.get("name", ""),
            "rank": block.get("rank", ""),
            "nip": block.get("nip", ""),
        }
    signer = letter.signer
    if signer is None:
        return {"heading": [], "name": "", "rank": "", "nip": ""}
    heading = [signer.position.name.upper()] if signer.position else []
    return {"heading": heading, "name": signer.full_name, "rank": signer.rank, "nip": signer.nip or ""}


def _sender_title(letter: Letter) -> str:
    """ "Dari" of a nota dinas: the signer's office (or the signature block's last heading line)."""
    signer = letter.signer
    if signer is not None and signer.position:
        return signer.position.name
    heading = (letter.signature_block or {}).get("heading") or []
    return str(heading[-1]) if heading else letter.agency.name
