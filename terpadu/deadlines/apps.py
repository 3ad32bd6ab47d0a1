from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "terpadu.deadlines"
    label = "deadlines"
    verbose_name = "Tenggat"

    def ready(self) -> None:
        from . import registrations

        registrations.register_all()
