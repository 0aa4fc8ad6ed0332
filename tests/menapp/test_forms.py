"""Records sent as JSON, urlencoded or multipart mean the same; the browsable API's forms can send every value."""

import json
import re
from urllib.parse import urlencode

import pytest
from rest_framework.renderers import HTMLFormRenderer, JSONRenderer
from rest_framework.test import APIRequestFactory

from menapp.models import Men
from menapp.serializers import MenSerializer
from tests.conftest import jwt_login

CONTENT_TYPES = ["json", "urlencoded", "multipart"]


def send(client, method: str, url: str, data: dict, content_type: str):
    """The request a client makes with that content type (a form sends every value as text)."""
    if content_type == "json":
        return getattr(client, method)(url, data, format="json")
    form = {key: str(value) for key, value in data.items()}
    if content_type == "multipart":
        return getattr(client, method)(url, form, format="multipart")
    return getattr(client, method)(url, urlencode(form), content_type="application/x-www-form-urlencoded")


@pytest.fixture
def body(category):
    return {"title": "Павел", "content": "Что то с чем то", "cat": category.pk}


@pytest.mark.parametrize("content_type", CONTENT_TYPES)
def test_a_record_created_without_is_published_is_published_whatever_the_content_type(owner, body, content_type):
    client, _ = jwt_login()
    response = send(client, "post", "/api/v1/men/", body, content_type)
    assert response.status_code == 201, response.content
    assert response.json()["is_published"] is True
    assert Men.objects.get().is_published is True


@pytest.mark.parametrize("content_type", CONTENT_TYPES)
def test_a_record_created_with_is_published_false_is_a_draft_whatever_the_content_type(owner, body, content_type):
    client, _ = jwt_login()
    value = False if content_type == "json" else "false"
    response = send(client, "post", "/api/v1/men/", {**body, "is_published": value}, content_type)
    assert response.status_code == 201, response.content
    assert Men.objects.get().is_published is False


@pytest.mark.parametrize("content_type", CONTENT_TYPES)
def test_a_partial_update_without_is_published_leaves_a_draft_a_draft(draft, content_type):
    client, _ = jwt_login()
    response = send(client, "patch", f"/api/v1/men/{draft.pk}/", {"title": "Новое"}, content_type)
    assert response.status_code == 200, response.content
    draft.refresh_from_db()
    assert (draft.title, draft.is_published) == ("Новое", False)


@pytest.mark.parametrize("content_type", CONTENT_TYPES)
def test_a_partial_update_without_is_published_leaves_a_published_record_published(men, content_type):
    client, _ = jwt_login()
    response = send(client, "patch", f"/api/v1/men/{men.pk}/", {"content": "Другое"}, content_type)
    assert response.status_code == 200, response.content
    men.refresh_from_db()
    assert (men.content, men.is_published) == ("Другое", True)


@pytest.mark.parametrize("content_type", CONTENT_TYPES)
def test_a_full_update_without_is_published_leaves_it_as_it_was_whatever_the_content_type(draft, content_type):
    client, _ = jwt_login()
    body = {"title": "Новое", "content": "Текст", "cat": draft.cat_id}
    response = send(client, "put", f"/api/v1/men/{draft.pk}/", body, content_type)
    assert response.status_code == 200, response.content
    draft.refresh_from_db()
    assert draft.is_published is False


def rendered_form(serializer) -> str:
    return HTMLFormRenderer().render(serializer.data, renderer_context={"request": None})


def radio(html: str, value: str) -> str:
    match = re.search(rf'<input type="radio" name="is_published" value="{value}"[^>]*>', html)
    assert match, html
    return match.group(0)


def test_the_browsable_apis_empty_form_offers_published_and_draft_with_published_chosen(db):
    html = rendered_form(MenSerializer())
    assert "checked" in radio(html, "true")
    assert "checked" not in radio(html, "false")
    assert 'type="checkbox"' not in html


def test_the_browsable_apis_form_for_a_draft_has_draft_chosen(draft):
    html = rendered_form(MenSerializer(draft))
    assert "checked" in radio(html, "false")
    assert "checked" not in radio(html, "true")


def test_choosing_draft_in_the_browsable_apis_form_creates_a_draft(owner, category):
    html = rendered_form(MenSerializer())
    chosen = re.search(r'value="(\w+)"', radio(html, "false")).group(1)
    client, _ = jwt_login()
    form = {"title": "Павел", "content": "Что то с чем то", "cat": str(category.pk), "is_published": chosen}
    response = send(client, "post", "/api/v1/men/", form, "urlencoded")
    assert response.status_code == 201, response.content
    assert Men.objects.get().is_published is False


def raw_data_template() -> dict:
    """The body the browsable API's raw-data form starts from (JSON of an empty serializer)."""
    request = APIRequestFactory().get("/api/v1/men/")
    return json.loads(JSONRenderer().render(MenSerializer(context={"request": request}).data))


def test_the_raw_data_template_starts_published_and_offers_cat_not_its_alias(db):
    assert raw_data_template() == {"title": "", "content": "", "is_published": True, "cat": None}


def test_the_raw_data_template_can_be_sent_once_title_content_and_cat_are_filled_in(owner, category):
    client, _ = jwt_login()
    body = {**raw_data_template(), "title": "Павел", "content": "Что то с чем то", "cat": category.pk}
    response = client.post("/api/v1/men/", body, format="json")
    assert response.status_code == 201, response.content
    assert Men.objects.get().cat == category


def test_the_old_raw_data_template_with_a_null_cat_id_beside_cat_is_accepted(owner, category):
    client, _ = jwt_login()
    body = {"title": "Павел", "content": "Что то", "is_published": False, "cat": category.pk, "cat_id": None}
    response = client.post("/api/v1/men/", body, format="json")
    assert response.status_code == 201, response.content
    assert Men.objects.get().cat == category


def test_cat_id_alone_still_names_the_category(owner, other_category):
    client, _ = jwt_login()
    response = client.post("/api/v1/men/", {"title": "Павел", "content": "Что то", "cat_id": other_category.pk})
    assert response.status_code == 201, response.content
    assert Men.objects.get().cat == other_category


def test_a_body_whose_cat_and_cat_id_are_both_null_is_a_400_naming_cat(owner):
    client, _ = jwt_login()
    response = client.post("/api/v1/men/", {"title": "Павел", "content": "Что то", "cat": None, "cat_id": None})
    assert response.status_code == 400
    assert "cat" in response.json()
