from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "terpadu.core"
    label = "core"
    verbose_name = "Inti"
