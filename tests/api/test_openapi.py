"""The OpenAPI document lists every endpoint, and the docs page works under our strict CSP."""

from __future__ import annotations

import re

import schemathesis
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import get_resolver

from tests.project.test_url_access import _walk

PAGES = {"api:tokens", "api:token-revoke"}
DOCS_ONLY = {"api:api-root", "api:openapi-json", "api:openapi-view"}


def _document() -> dict:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_document_is_valid_openapi_3_1(db: None) -> None:
    document = _document()

    assert document["openapi"].startswith("3.1")
    schemathesis.openapi.from_dict(document).validate()  # against the OpenAPI 3.1 meta-schema


def test_it_lists_every_endpoint_of_the_api(db: None) -> None:
    operations = {
        operation["operationId"].rsplit("_endpoints_", 1)[-1]
        for item in _document()["paths"].values()
        for operation in item.values()
    }
    named = {
        name.removeprefix("api:")
        for name in _walk(get_resolver().url_patterns)
        if name.startswith("api:") and name not in DOCS_ONLY | PAGES
    }

    assert operations == named
    assert len(named) == 17


def test_every_operation_needs_a_token_and_documents_its_problems(db: None) -> None:
    document = _document()
    assert document["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    for item in document["paths"].values():
        for operation in item.values():
            assert operation["security"] == [{"TokenAuth": []}]
            for status in ("401", "403", "404", "429"):
                assert "application/problem+json" in operation["responses"][status]["content"]


def test_the_docs_page_loads_vendored_swagger_without_inline_script(db: None) -> None:
    response = Client().get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts
    for attributes, _body in scripts:
        # Either a file of ours, or JSON data (not run by the browser).
        assert 'src="/static/' in attributes or 'type="application/json"' in attributes
    assert "http://" not in html.replace("http://testserver", "")
    assert "https://" not in html
    assert "style=" not in html
    assert finders.find("ninja/swagger-ui-bundle.js")  # vendored by ninja, served by whitenoise
