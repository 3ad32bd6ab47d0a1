from django.apps import AppConfig


class CorrespondenceConfig(AppConfig):
    name = "terpadu.correspondence"
    label = "correspondence"
    verbose_name = "E-Surat"

    def ready(self) -> None:
        from . import registrations

        registrations.register_all()
