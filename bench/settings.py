"""Settings of a bench run: production settings (DEBUG off, the database from DATABASE_URL), except that
static files are served without a collected manifest (the bench renders pages, it does not deploy)."""

from typing import Any, cast

from terpadu.settings import *  # noqa: F403
from terpadu.settings import LOGGING, STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}

# django-q logs every job it queues at INFO ("Enqueued [terpadu] 42"): keep the bench output readable.
LOGGING = {**LOGGING, "loggers": {**cast(dict[str, Any], LOGGING["loggers"]), "django-q": {"level": "WARNING"}}}
