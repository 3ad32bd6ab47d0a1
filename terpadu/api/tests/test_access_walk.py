"""Deny by default, checked over the whole URLconf and the whole OpenAPI: a route without a declared
access rule, or one that lets the anonymous public in where it should not, fails here."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from terpadu.api.urls import api
from terpadu.core.access import rule_of

#: pages the anonymous public may open
PUBLIC_PAGES = {"core:root", "directory:login", "directory:logout", "healthz", "verify:index", "verify:letter"}
#: API operations callable without a token
PUBLIC_OPERATIONS = {("POST", "/api/v1/auth/token"), ("GET", "/api/v1/verify/{sha256}")}


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if ns == "api" or entry.namespace == "api":
                continue
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), f"{ns}" if ns else namespace)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else (entry.name or "")
            yield prefix + str(entry.pattern), name, entry.callback


PAGES = list(_walk(get_resolver().url_patterns))


def _sample_path(route: str) -> str:
    path = re.sub(r"<(?:int:)?[^>]+>", "1", route)
    path = path.replace("^", "").replace("$", "")
    return "/" + path


@pytest.mark.parametrize(("route", "name", "callback"), PAGES, ids=[p[1] or p[0] for p in PAGES])
def test_every_page_declares_an_access_rule(route, name, callback):
    assert rule_of(callback) is not None, f"{route} ({name}) has no @access rule"


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "name", "callback"), PAGES, ids=[p[1] or p[0] for p in PAGES])
def test_anonymous_is_sent_to_login_from_every_non_public_page(client, route, name, callback):
    rule = rule_of(callback)
    if name in PUBLIC_PAGES or (rule is not None and rule.public):
        assert name in PUBLIC_PAGES, f"{name} is public but not listed in PUBLIC_PAGES"
        return
    response = client.get(_sample_path(route))
    assert response.status_code == 302, f"{route} answered {response.status_code} to the anonymous public"
    assert response["Location"].startswith("/akun/masuk/")


def _operations():
    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for method, spec in methods.items():
            yield method.upper(), path, spec


OPERATIONS = list(_operations())


@pytest.mark.parametrize(("method", "path", "spec"), OPERATIONS, ids=[f"{m} {p}" for m, p, _ in OPERATIONS])
def test_every_api_operation_requires_authentication_unless_listed_public(method, path, spec):
    if (method, path) in PUBLIC_OPERATIONS:
        assert not spec.get("security")
    else:
        assert spec.get("security"), f"{method} {path} has no security requirement"


def test_every_api_operation_declares_an_access_rule():
    missing = []
    for router in [api.default_router, *[r for _, r in api._routers]]:
        for path, path_view in router.path_operations.items():
            missing += [f"{op.methods} {path}" for op in path_view.operations if rule_of(op.view_func) is None]
    assert missing == []


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "spec"), OPERATIONS, ids=[f"{m} {p}" for m, p, _ in OPERATIONS])
def test_anonymous_gets_401_json_from_every_protected_operation(client, method, path, spec):
    if (method, path) in PUBLIC_OPERATIONS:
        return
    url = re.sub(r"\{[^}]+\}", "1", path)
    response = client.generic(method, url, data="{}", content_type="application/json")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
