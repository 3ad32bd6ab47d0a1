from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "terpadu.notifications"
    label = "notifications"
    verbose_name = "Notifikasi"

    def ready(self) -> None:
        from terpadu.core.jobs import register_schedule

        from . import views  # noqa: F401  (registers the menu entry and the home widget)

        register_schedule(
            name="notifications.retry_deliveries",
            func="terpadu.notifications.tasks.retry_due_deliveries",
            cron="*/5 * * * *",
        )
