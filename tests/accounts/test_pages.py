"""The pages people open in a browser: the session logout, and the links in account mails, followed to the end."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client

from tests.conftest import PASSWORD, jwt_login

NEW_PASSWORD = "An0ther-strong-phrase"


def mailed_link() -> str:
    """The only link in the only mail sent."""
    (message,) = mail.outbox
    (link,) = set(re.findall(r"https?://\S+", message.body))
    return link


def browser() -> Client:
    """A browser: CSRF checks on, as Django's test client skips them otherwise."""
    return Client(enforce_csrf_checks=True)


def submit(client: Client, page_url: str, **fields: str):
    """Open the page, fill in the form it shows (keeping its hidden fields) and send it, as a person would."""
    page = client.get(page_url)
    assert page.status_code == 200, page.content
    html = page.content.decode()
    form = re.search(r'<form method="post" action="([^"]+)">(.*?)</form>', html, re.DOTALL)
    assert form, html
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', form.group(2)))
    return client.post(form.group(1), {**hidden, **fields})


def path_of(link: str) -> str:
    return urlsplit(link).path


def test_a_password_reset_mail_links_to_a_page_that_sets_the_new_password(api_client, owner):
    assert api_client.post("/api/v1/auth/users/reset_password/", {"email": owner.email}).status_code == 204
    link = mailed_link()
    assert path_of(link).startswith("/password/reset/confirm/")
    done = submit(browser(), path_of(link), new_password=NEW_PASSWORD)
    assert done.status_code == 200
    assert "Ваш пароль был сохранен" in done.content.decode()
    owner.refresh_from_db()
    assert owner.check_password(NEW_PASSWORD)
    jwt_login(password=NEW_PASSWORD)  # logs in with it


def test_a_used_password_reset_link_shows_an_error_and_changes_nothing(api_client, owner):
    api_client.post("/api/v1/auth/users/reset_password/", {"email": owner.email})
    link = path_of(mailed_link())
    submit(browser(), link, new_password=NEW_PASSWORD)
    again = submit(browser(), link, new_password="Yet-an0ther-phrase")
    assert again.status_code == 400
    assert 'class="alert alert-danger"' in again.content.decode()
    owner.refresh_from_db()
    assert owner.check_password(NEW_PASSWORD)


def test_a_weak_password_on_the_reset_page_is_refused_with_the_validators_message(api_client, owner):
    api_client.post("/api/v1/auth/users/reset_password/", {"email": owner.email})
    refused = submit(browser(), path_of(mailed_link()), new_password="123")
    assert refused.status_code == 400
    assert "слишком короткий" in refused.content.decode()  # Django's validator, in Russian by default
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


def test_the_reset_page_refuses_a_post_without_its_csrf_token(api_client, owner):
    api_client.post("/api/v1/auth/users/reset_password/", {"email": owner.email})
    link = path_of(mailed_link())
    uid, token = link.strip("/").split("/")[-2:]
    response = browser().post(link, {"uid": uid, "token": token, "new_password": NEW_PASSWORD})
    assert response.status_code == 403
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


def test_a_username_reset_mail_links_to_a_page_that_sets_the_new_username(api_client, owner):
    assert api_client.post("/api/v1/auth/users/reset_username/", {"email": owner.email}).status_code == 204
    link = mailed_link()
    assert path_of(link).startswith("/username/reset/confirm/")
    done = submit(browser(), path_of(link), new_username="renamed")
    assert done.status_code == 200, done.content.decode()
    assert "Имя пользователя изменено" in done.content.decode()
    owner.refresh_from_db()
    assert owner.username == "renamed"


def test_an_activation_link_activates_the_account(db, activation_mails):
    from djoser import utils

    from accounts.emails import ActivationEmail
    from accounts.models import User

    owner = User.objects.create_user("newcomer", "newcomer@example.com", "Str0ng-pass-phrase", is_active=False)
    ActivationEmail(context={"user": owner, "domain": "testserver", "protocol": "http"}).send([owner.email])
    link = mailed_link()
    assert path_of(link).startswith(f"/activate/{utils.encode_uid(owner.pk)}/")
    done = submit(browser(), path_of(link))
    assert done.status_code == 200
    assert "Учётная запись активна" in done.content.decode()
    owner.refresh_from_db()
    assert owner.is_active


def test_mail_links_use_the_host_the_request_came_to_by_default(api_client, owner):
    api_client.post("/api/v1/auth/users/reset_password/", {"email": owner.email})
    assert mailed_link().startswith("http://testserver/password/reset/confirm/")


def test_mail_links_start_with_public_base_url_when_it_is_set(api_client, owner, settings):
    settings.DJOSER = {
        **settings.DJOSER,
        "EMAIL_FRONTEND_PROTOCOL": "https",
        "EMAIL_FRONTEND_DOMAIN": "api.example.com/men",
    }
    api_client.post("/api/v1/auth/users/reset_password/", {"email": owner.email})
    assert mailed_link().startswith("https://api.example.com/men/password/reset/confirm/")


@pytest.mark.parametrize(
    "path", ["/password/reset/confirm/MQ/abc", "/username/reset/confirm/MQ/abc/", "/activate/MQ/abc"]
)
def test_the_mail_pages_answer_with_and_without_a_trailing_slash(client, db, path):
    assert client.get(path).status_code == 200


def test_drf_auth_logout_shows_a_confirmation_page_whose_button_logs_out(owner):
    client = browser()
    login = client.get("/api/v1/drf-auth/login/")
    csrf = login.cookies["csrftoken"].value
    client.post("/api/v1/drf-auth/login/", {"username": "owner", "password": PASSWORD, "csrfmiddlewaretoken": csrf})
    assert "_auth_user_id" in client.session
    page = client.get("/api/v1/drf-auth/logout/")
    assert page.status_code == 200
    assert "owner" in page.content.decode()
    out = submit(client, "/api/v1/drf-auth/logout/")
    assert out.status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_logout_page_keeps_the_next_page_of_the_browsable_api(owner):
    client = browser()
    client.force_login(owner)
    html = client.get("/api/v1/drf-auth/logout/?next=/api/v1/men/").content.decode()
    assert '<input type="hidden" name="next" value="/api/v1/men/">' in html
    out = submit(client, "/api/v1/drf-auth/logout/?next=/api/v1/men/")
    assert out["Location"] == "/api/v1/men/"


def test_the_pages_carry_no_inline_script(client, owner):
    client.force_login(owner)
    for path in ("/api/v1/drf-auth/logout/", "/password/reset/confirm/MQ/abc/", "/activate/MQ/abc/"):
        html = client.get(path).content.decode()
        assert "<script" not in html and "onclick" not in html and "style=" not in html, path


def test_public_base_url_sets_the_protocol_and_domain_of_mail_links():
    import subprocess
    import sys

    from tests.config.test_settings import ROOT

    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DJOSER['EMAIL_FRONTEND_PROTOCOL'], s.DJOSER['EMAIL_FRONTEND_DOMAIN'])"
    )
    env = {"DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_DEBUG": "true", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "PUBLIC_BASE_URL": "https://api.example.com/men/"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["https", "api.example.com/men"], result.stderr
    unset = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert unset.stdout.split() == ["None", "None"], unset.stderr
