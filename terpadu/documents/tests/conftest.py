import io

import pytest
from PIL import Image

from terpadu.documents.interfaces import UploadPolicy, register_upload_policy
from terpadu.documents.policies import MB

IMAGES = frozenset({"image/png", "image/jpeg"})
PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

register_upload_policy(UploadPolicy("uji-gambar", IMAGES, 1 * MB))
register_upload_policy(UploadPolicy("uji-pdf", frozenset({PDF}), 1 * MB))
register_upload_policy(UploadPolicy("uji-kecil", frozenset({PDF}), 1024))
register_upload_policy(UploadPolicy("uji-data", frozenset({XLSX, DOCX, "text/csv", "text/plain"}), 1 * MB))
register_upload_policy(
    UploadPolicy("uji-bersama", frozenset({PDF}), 1 * MB),
    can_download=lambda actor, facts: True,  # everyone of the file's government
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def png_bytes(size: tuple[int, int] = (4, 4)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
