from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "terpadu.directory"
    label = "directory"
    verbose_name = "Direktori"

    def ready(self) -> None:
        from . import navigation  # noqa: F401  (registers the menu)
