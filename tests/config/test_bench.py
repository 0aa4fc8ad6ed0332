"""The benchmark's ceiling view ships switched off."""

import importlib
import json

import pytest
from django.test import RequestFactory
from django.urls import NoReverseMatch, clear_url_caches, reverse

import config.urls
from api.ceiling import ceiling


def test_the_ceiling_setting_is_off_by_default(settings):
    assert settings.BENCH_CEILING is False


def test_the_ceiling_route_is_not_served_by_default(client):
    with pytest.raises(NoReverseMatch):
        reverse("bench-ceiling")
    assert client.get("/bench/ceiling").status_code == 404


def test_the_ceiling_route_is_served_when_the_setting_is_on(settings, client):
    settings.BENCH_CEILING = True
    try:
        importlib.reload(config.urls)
        clear_url_caches()
        response = client.get("/bench/ceiling")
        assert response.status_code == 200
        assert response.json() == {"status": "ok"}
    finally:
        settings.BENCH_CEILING = False
        importlib.reload(config.urls)
        clear_url_caches()


def test_the_ceiling_view_answers_a_small_json_document():
    response = ceiling(RequestFactory().get("/bench/ceiling"))
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok"}
