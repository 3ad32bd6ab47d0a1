"""Shared test set-up: settings for tests and helpers every module's tests use."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("TERPADU_TESTING", "1")


@pytest.fixture(autouse=True)
def _test_settings(settings):  # type: ignore[no-untyped-def]
    settings.TERPADU_DEMO = False
    settings.AXES_ENABLED = True
    settings.HTTPS = False


@pytest.fixture(autouse=True)
def _empty_cache():  # type: ignore[no-untyped-def]
    """Every test starts with an empty cache: a test's rows are rolled back, not what it cached about them
    (and SQLite gives the next test the same ids)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def api_client():  # type: ignore[no-untyped-def]
    from django.test import Client

    return Client()
