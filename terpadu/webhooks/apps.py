from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "terpadu.webhooks"
    label = "webhooks"
    verbose_name = "Webhook"
