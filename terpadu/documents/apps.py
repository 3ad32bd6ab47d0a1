from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "terpadu.documents"
    label = "documents"
    verbose_name = "Dokumen"
