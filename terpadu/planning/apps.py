from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "terpadu.planning"
    label = "planning"
    verbose_name = "E-Planning"

    def ready(self) -> None:
        from . import registrations

        registrations.register_all()
