"""The API docs page: Swagger UI from our own static files, and a schema built once."""

import pytest
from django.test import Client

from closeknit.api.api import api as ninja_api


@pytest.mark.django_db
def test_the_docs_page_uses_only_our_own_static_files():
    body = Client().get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle" in body and "/static/ninja/swagger-ui.css" in body
    assert "cdn." not in body and "https://" not in body


@pytest.mark.django_db
def test_the_schema_is_built_once_per_process_and_language(monkeypatch):
    from ninja import NinjaAPI

    calls = []
    real = NinjaAPI.get_openapi_schema

    def counted(self, **kwargs):
        calls.append(kwargs)
        return real(self, **kwargs)

    monkeypatch.setattr(NinjaAPI, "get_openapi_schema", counted)
    monkeypatch.setattr(ninja_api, "_schemas", {}, raising=False)
    first = Client().get("/api/v1/openapi.json")
    second = Client().get("/api/v1/openapi.json")
    assert first.status_code == second.status_code == 200
    assert first.content == second.content and b'"Closeknit API"' in first.content
    assert len(calls) == 1
