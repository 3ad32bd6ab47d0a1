from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    name = "terpadu.attendance"
    label = "attendance"
    verbose_name = "E-Absen"

    def ready(self) -> None:
        from . import registrations

        registrations.register_all()
