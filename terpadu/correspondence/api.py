"""E-Surat API under /api/v1: letters (boxes, search, drafting, paraf, signature, sending, the signed PDF,
incoming registration), dispositions and follow-up. Reads go through the selectors (what the user may
read); actions through the services (who may act). A signed letter carries ``number``, ``signed_at``
and ``sha256``."""

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest
from ninja import Field, File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from terpadu.core.access import AUTHENTICATED, api_access
from terpadu.core.apischema import ERRORS, Pages
from terpadu.core.errors import Conflict, NotFound
from terpadu.documents.interfaces import stored_file_open

from . import delivery, disposition_services, letter_services, selectors
from .drafts import DraftInput, RecipientInput, letter_create_draft, letter_update_draft
from .models import InboxItem, Letter

router = Router(tags=["surat"])
dispositions_router = Router(tags=["surat"])


class RecipientSchema(Schema):
    kind: str = Field("to", description="to (Yth.) atau cc (tembusan)")
    target: str = Field(..., description="agency, position, employee atau external")
    id: int | None = Field(None, description="id OPD/jabatan/pegawai (bukan untuk external)")
    name: str = ""
    address: str = ""


class DraftIn(Schema):
    letter_type: str = Field(..., description="kode jenis naskah, mis. surat_dinas, nota_dinas, surat_tugas")
    subject: str
    body: str = ""
    classification: str = Field("", description="kode klasifikasi arsip, mis. 000.1.5")
    urgency: str = "biasa"
    security_level: str = Field("", description="kosong: mengikuti kode klasifikasi")
    attachment_note: str = ""
    place: str = ""
    recipients: list[RecipientSchema] = []
    reviewer_ids: list[int] = Field([], description="id pegawai pemaraf, berurutan")
    signer_id: int | None = None
    signing_authority: str = Field("", description="agency_head, secretary atau regional_head")
    delegation: str = Field("", description="'', an, an_ub, plt, plh")
    corrects_id: int | None = Field(None, description="naskah bertanda tangan yang diralat")


class NoteIn(Schema):
    note: str = ""


class RecipientOut(Schema):
    kind: str
    target: str
    name: str
    agency_code: str | None
    agenda_number: int | None
    delivered_at: datetime | None


class LetterOut(Schema):
    id: int
    direction: str
    status: str
    letter_type: str | None
    classification: str | None
    subject: str
    urgency: str
    security_level: str
    agency_code: str
    number: str | None
    letter_date: date | None
    signed_at: datetime | None
    sent_at: datetime | None
    sha256: str | None
    sender_name: str
    sender_number: str
    srikandi_ref: str
    verification_url: str | None


class LetterDetailOut(LetterOut):
    body: str
    attachment_note: str
    place: str
    recipients: list[RecipientOut]
    signature_block: dict[str, Any]
    corrects_id: int | None
    pdf_ready: bool


class InboxItemOut(Schema):
    id: int
    kind: str
    received_at: datetime
    read_at: datetime | None
    follow_up_status: str
    due_date: date | None
    letter: LetterOut


class DispositionIn(Schema):
    recipient_ids: list[int]
    instructions: list[str] = Field([], description="tindak_lanjuti, pelajari, hadiri, siapkan_bahan, …")
    note: str = ""
    urgency: str = ""
    due_date: date | None = None


class DispositionOut(Schema):
    id: int
    letter_id: int
    parent_id: int | None
    sender_id: int | None
    employee_id: int
    instructions: list[str]
    note: str
    urgency: str
    due_date: date | None
    read_at: datetime | None
    follow_up_status: str
    followed_up_at: datetime | None
    follow_up_text: str


class Mapped:
    """A queryset the paginator slices (one page from the database) and counts, each row mapped to its
    output dict only for the page served."""

    def __init__(self, queryset: QuerySet[Any], to_out: Callable[[Any], dict[str, Any]]) -> None:
        self.queryset, self.to_out = queryset, to_out

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page: slice) -> list[dict[str, Any]]:
        return [self.to_out(row) for row in self.queryset[page]]


def _letter_out(letter: Letter) -> dict[str, Any]:
    return {
        "id": letter.pk,
        "direction": letter.direction,
        "status": letter.status,
        "letter_type": letter.letter_type.code if letter.letter_type else None,
        "classification": letter.classification.code if letter.classification else None,
        "subject": letter.subject,
        "urgency": letter.urgency,
        "security_level": letter.security_level,
        "agency_code": letter.agency.code,
        "number": letter.number,
        "letter_date": letter.letter_date,
        "signed_at": letter.signed_at,
        "sent_at": letter.sent_at,
        "sha256": letter.sha256 or None,
        "sender_name": letter.sender_name,
        "sender_number": letter.sender_number,
        "srikandi_ref": letter.srikandi_ref,
        "verification_url": f"/verifikasi/{letter.verification_token}/" if letter.signed_at else None,
    }


def _detail_out(letter: Letter) -> dict[str, Any]:
    recipients = [
        {
            "kind": r.kind,
            "target": r.target,
            "name": r.name,
            "agency_code": r.agency.code if r.agency else None,
            "agenda_number": r.agenda_number,
            "delivered_at": r.delivered_at,
        }
        for r in letter.recipients.select_related("agency")
    ]
    return {
        **_letter_out(letter),
        "body": letter.body,
        "attachment_note": letter.attachment_note,
        "place": letter.place,
        "recipients": recipients,
        "signature_block": letter.signature_block,
        "corrects_id": letter.corrects_id,
        "pdf_ready": letter.pdf_id is not None,
    }


def _draft(payload: DraftIn) -> DraftInput:
    data = payload.dict()
    data["recipients"] = tuple(RecipientInput(**r) for r in data.pop("recipients"))
    data["reviewer_ids"] = tuple(data["reviewer_ids"])
    return DraftInput(**data)


def _letter(request: HttpRequest, letter_id: int) -> Letter:
    return selectors.letter_get_for_user(user=request.user, pk=letter_id)


def _filters(**values: Any) -> selectors.LetterFilters:
    return selectors.LetterFilters(**{k: v for k, v in values.items() if v not in (None, "")})


@router.get("", response={200: list[LetterOut], **ERRORS})
@paginate(Pages)
@api_access(AUTHENTICATED)
def letter_list(
    request: HttpRequest,
    box: str = "",
    q: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    letter_type: str = "",
    urgency: str = "",
    status: str = "",
) -> Any:
    """A box of the user's letters (``box``) or, with ``q`` and no box, a full-text search over what the
    user may read (number, subject, sender, body)."""
    filters = _filters(date_from=date_from, date_to=date_to, letter_type=letter_type, urgency=urgency, status=status)
    if box:
        items = selectors.inbox_items(user=request.user, box=box, filters=filters)
        if q:
            items = items.filter(letter__in=selectors.letter_search(user=request.user, q=q, filters=filters))
        return Mapped(items.select_related("letter__classification"), lambda item: _letter_out(item.letter))
    rows = selectors.letter_search(user=request.user, q=q, filters=filters) if q else None
    rows = rows if rows is not None else selectors.letter_list_for_user(user=request.user, filters=filters)
    return Mapped(rows.select_related("letter_type", "classification", "agency"), _letter_out)


@router.get("/inbox", response={200: list[InboxItemOut], **ERRORS})
@paginate(Pages)
@api_access(AUTHENTICATED)
def inbox(request: HttpRequest, box: str = "all") -> Any:
    """The user's box items themselves (read state, follow-up, due date), newest first."""
    items = selectors.inbox_items(user=request.user, box=box).select_related("letter__classification")
    return Mapped(items, lambda item: {**_item_out(item), "letter": _letter_out(item.letter)})


@router.get("/counts", response={200: dict[str, int], **ERRORS})
@api_access(AUTHENTICATED)
def counts(request: HttpRequest) -> Any:
    return selectors.box_counts(user=request.user)


@router.post("", response={201: LetterDetailOut, **ERRORS})
@api_access(AUTHENTICATED)
def letter_create(request: HttpRequest, payload: DraftIn) -> Status[dict[str, Any]]:
    letter = letter_create_draft(user=request.user, data=_draft(payload))
    return Status(201, _detail_out(letter))


@router.post("/incoming", response={201: LetterDetailOut, **ERRORS})
@api_access(AUTHENTICATED)
def letter_incoming(
    request: HttpRequest,
    agency_id: int = Form(...),
    sender_name: str = Form(...),
    sender_number: str = Form(...),
    sender_date: date = Form(...),  # noqa: B008
    subject: str = Form(...),
    received_on: date | None = Form(None),  # noqa: B008
    classification: str = Form(""),
    letter_type: str = Form(""),
    urgency: str = Form("biasa"),
    security_level: str = Form(""),
    srikandi_ref: str = Form("", description="nomor/ID naskah di SRIKANDI bila datang lewat SRIKANDI"),
    scan: UploadedFile | None = File(None, description="pindaian/PDF naskah (PDF, JPG, PNG)"),  # noqa: B008
) -> Status[dict[str, Any]]:
    """Register an incoming external letter at an agency's records desk (multipart form)."""
    data = delivery.IncomingInput(
        agency_id=agency_id,
        sender_name=sender_name,
        sender_number=sender_number,
        sender_date=sender_date,
        subject=subject,
        received_on=received_on,
        classification=classification,
        letter_type=letter_type,
        urgency=urgency,
        security_level=security_level,
        srikandi_ref=srikandi_ref,
    )
    letter = delivery.letter_register_incoming(user=request.user, data=data, scan=scan)
    return Status(201, _detail_out(letter))


@router.get("/{letter_id}", response={200: LetterDetailOut, **ERRORS})
@api_access(AUTHENTICATED)
def letter_detail(request: HttpRequest, letter_id: int) -> Any:
    letter = _letter(request, letter_id)
    delivery.letter_read_record(
        user=request.user, letter=letter, channel="api", ip_address=request.META.get("REMOTE_ADDR")
    )
    return _detail_out(letter)


@router.put("/{letter_id}", response={200: LetterDetailOut, **ERRORS})
@api_access(AUTHENTICATED)
def letter_update(request: HttpRequest, letter_id: int, payload: DraftIn) -> Any:
    return _detail_out(letter_update_draft(user=request.user, letter=_letter(request, letter_id), data=_draft(payload)))


@router.post("/{letter_id}/submit", response={200: LetterDetailOut, **ERRORS})
@api_access(AUTHENTICATED)
def letter_submit(request: HttpRequest, letter_id: int) -> Any:
    return _detail_out(letter_services.letter_submit(user=request.user, letter=_letter(request, letter_id)))


@router.post("/{letter_id}/approve", response={200: LetterDetailOut, **ERRORS})
@api_access(AUTHENTICATED)
def letter_approve(request: HttpRequest, letter_id: int, payload: NoteIn) -> Any:
    letter = _letter(request, letter_id)
    return _detail_out(letter_services.letter_approve(user=request.user, letter=letter, note=payload.note))


@router.post("/{letter_id}/return", response={200: LetterDetailOut, **ERRORS})
@api_access(AUTHENTICATED)
def letter_return(request: HttpRequest, letter_id: int, payload: NoteIn) -> Any:
    letter = _letter(request, letter_id)
    return _detail_out(letter_services.letter_return(user=request.user, letter=letter, note=payload.note))


@router.post("/{letter_id}/sign", response={200: LetterDetailOut, **ERRORS})
@api_access(AUTHENTICATED)
def letter_sign(request: HttpRequest, letter_id: int) -> Any:
    return _detail_out(letter_services.letter_sign(user=request.user, letter=_letter(request, letter_id)))


@router.post("/{letter_id}/send", response={200: LetterDetailOut, **ERRORS})
@api_access(AUTHENTICATED)
def letter_send(request: HttpRequest, letter_id: int) -> Any:
    return _detail_out(delivery.letter_send(user=request.user, letter=_letter(request, letter_id)))


@router.post("/{letter_id}/cancel", response={200: LetterDetailOut, **ERRORS})
@api_access(AUTHENTICATED)
def letter_cancel(request: HttpRequest, letter_id: int) -> Any:
    return _detail_out(letter_services.letter_cancel(user=request.user, letter=_letter(request, letter_id)))


@router.get("/{letter_id}/pdf", response={200: None, **ERRORS})
@api_access(AUTHENTICATED)
def letter_pdf(request: HttpRequest, letter_id: int) -> Any:
    """The signed PDF (PAdES) of a letter, or the scan of an incoming one."""
    letter = _letter(request, letter_id)
    file_id = letter.pdf_id or letter.scan_id
    if file_id is None:
        if letter.signed_at is not None:
            raise Conflict("PDF naskah sedang dibuat; coba lagi sebentar lagi.")
        raise NotFound("Naskah ini belum memiliki PDF (belum ditandatangani).")
    delivery.letter_read_record(
        user=request.user, letter=letter, channel="api-pdf", ip_address=request.META.get("REMOTE_ADDR")
    )
    name = f"{(letter.number or str(letter.pk)).replace('/', '-')}.pdf"
    return FileResponse(
        stored_file_open(file_id=file_id), as_attachment=True, filename=name, content_type="application/pdf"
    )


def _item_out(item: InboxItem) -> dict[str, Any]:
    return {
        "id": item.pk,
        "kind": item.kind,
        "letter_id": item.letter_id,
        "parent_id": item.parent_id,
        "sender_id": item.sender_id,
        "employee_id": item.employee_id,
        "instructions": item.instructions,
        "note": item.note,
        "urgency": item.urgency,
        "due_date": item.due_date,
        "received_at": item.received_at,
        "read_at": item.read_at,
        "follow_up_status": item.follow_up_status,
        "followed_up_at": item.followed_up_at,
        "follow_up_text": item.follow_up_text,
    }


@router.post("/{letter_id}/dispositions", response={201: list[DispositionOut], **ERRORS})
@api_access(AUTHENTICATED)
def letter_dispose(request: HttpRequest, letter_id: int, payload: DispositionIn) -> Status[list[dict[str, Any]]]:
    """Route the letter from the user's own item (Kepada or disposition) to subordinates."""
    letter = _letter(request, letter_id)
    item = disposition_services.routing_item_for(user=request.user, letter=letter)
    if item is None:
        raise NotFound("Naskah ini tidak ada di kotak Anda untuk didisposisikan.")
    data = disposition_services.DispositionInput(
        recipient_ids=tuple(payload.recipient_ids),
        instructions=tuple(payload.instructions),
        note=payload.note,
        urgency=payload.urgency,
        due_date=payload.due_date,
    )
    created = disposition_services.disposition_create(user=request.user, item_id=item.pk, data=data)
    return Status(201, [_item_out(row) for row in created])


@router.get("/{letter_id}/dispositions", response={200: list[DispositionOut], **ERRORS})
@api_access(AUTHENTICATED)
def letter_dispositions(request: HttpRequest, letter_id: int) -> Any:
    """The whole disposition tree of a letter the user may read, in order (parents before children)."""
    letter = _letter(request, letter_id)
    rows = InboxItem.objects.filter(letter=letter, kind=InboxItem.Kind.DISPOSITION).order_by("received_at", "pk")
    return [_item_out(row) for row in rows]


@dispositions_router.post("/{item_id}/follow-up", response={200: DispositionOut, **ERRORS})
@api_access(AUTHENTICATED)
def follow_up(
    request: HttpRequest,
    item_id: int,
    text: str = Form(..., description="apa yang sudah dilakukan"),
    files: list[UploadedFile] = File([], description="bukti tindak lanjut (PDF, gambar, DOCX, XLSX)"),  # noqa: B008
) -> Any:
    """Record the follow-up of the user's own disposition (or Kepada) item: *sudah ditindaklanjuti*."""
    item = disposition_services.follow_up_record(user=request.user, item_id=item_id, text=text, files=files)
    return _item_out(item)
