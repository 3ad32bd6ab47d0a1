from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "terpadu.webhooks"
    label = "webhooks"
    verbose_name = "Webhook"

    def ready(self) -> None:
        from terpadu.core.jobs import register_schedule

        from . import views  # noqa: F401  (registers the menu entry)

        register_schedule(
            name="webhooks.deliver_due",
            func="terpadu.webhooks.tasks.deliver_due_webhooks",
            cron="* * * * *",
        )
