"""The one place Terpadu renders PDFs: a Django template on the government's letterhead (kop surat),
through WeasyPrint, with system fonts only and no network access at all."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from terpadu.directory.models import Agency, Government

from .rules import extension_of

logger = logging.getLogger(__name__)

#: the only URL a PDF may load: the government's logo, served from storage by :class:`LogoOnlyFetcher`
LOGO_URL = "terpadu-kop:logo"
LOGO_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "svg": "image/svg+xml"}


@dataclass(frozen=True)
class Letterhead:
    """What the kop shows."""

    heading: str
    address: str
    phone: str
    email: str
    website: str
    logo_url: str
    #: the OPD named under the government heading (letters of an agency); empty for the government's own
    unit: str = ""

    @property
    def contacts(self) -> list[str]:
        labelled = [("Telepon", self.phone), ("Pos-el", self.email), ("Laman", self.website)]
        return [f"{label} {value}" for label, value in labelled if value]


def heading_of(government: Government) -> str:
    """ "PEMERINTAH KABUPATEN …" / "KOTA …" / "PROVINSI …", in capitals, the level said once."""
    level = Government.Level(government.level).label
    name = government.name.strip()
    if name.lower().startswith("pemerintah "):
        name = name[len("pemerintah ") :].strip()
    full = name if name.lower().startswith(level.lower() + " ") else f"{level} {name}"
    return f"PEMERINTAH {full}".upper()


def letterhead_of(government: Government, agency: Agency | None = None) -> Letterhead:
    """The government's kop; with ``agency``, the agency's name under the heading and its own address,
    telephone and e-mail where it has them."""
    return Letterhead(
        heading=heading_of(government),
        address=(agency.address if agency else "") or government.address,
        phone=(agency.phone if agency else "") or government.phone,
        email=(agency.email if agency else "") or government.email,
        website=government.website,
        logo_url=LOGO_URL if government.logo else "",
        unit=agency.name if agency else "",
    )


class LogoOnlyFetcher(URLFetcher):
    """Serves the government's logo from storage; refuses every other URL (no network, no files)."""

    def __init__(self, logo_name: str) -> None:
        super().__init__(allowed_protocols=(), allow_redirects=False)
        self._logo_name = logo_name

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url != LOGO_URL or not self._logo_name:
            logger.warning("PDF rendering refused to load %s", url[:200])
            raise ValueError("only the government logo may be loaded")
        with default_storage.open(self._logo_name, "rb") as logo:
            body = logo.read()
        content_type = LOGO_TYPES.get(extension_of(self._logo_name), "application/octet-stream")
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


def render_pdf(
    *, template_name: str, context: dict[str, Any], government_id: int, title: str, agency_id: int | None = None
) -> bytes:
    """Render ``template_name`` (which extends "documents/pdf/base.html") to PDF bytes; with ``agency_id`` (an
    agency of that government) the kop names the agency under the government heading."""
    government = Government.objects.get(pk=government_id)
    agency = Agency.objects.get(pk=agency_id, government_id=government_id) if agency_id is not None else None
    kop = letterhead_of(government, agency)
    html = render_to_string(template_name, {**context, "kop": kop, "title": title})
    fetcher = LogoOnlyFetcher(government.logo.name or "")
    return HTML(string=html, url_fetcher=fetcher).write_pdf()
