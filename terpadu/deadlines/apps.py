from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "terpadu.deadlines"
    label = "deadlines"
    verbose_name = "Tenggat"
