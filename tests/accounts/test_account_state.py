"""accounts.models and accounts.mail_tokens: what a password change or a ban ends, and what it does not."""

from django.contrib.auth.hashers import make_password
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.mail_tokens import activation_token, password_reset_token, username_reset_token
from accounts.models import User

from ..conftest import PASSWORD, jwt_login


def test_each_purpose_has_its_own_tokens(owner):
    token = password_reset_token.make_token(owner)
    assert password_reset_token.check_token(owner, token)
    assert not activation_token.check_token(owner, token)
    assert not username_reset_token.check_token(owner, token)


def test_a_deactivation_by_staff_is_remembered_and_ends_mailed_tokens(owner):
    token = password_reset_token.make_token(owner)
    owner.is_active = False
    owner.save()
    assert owner.deactivated_at is not None and owner.is_banned
    assert not password_reset_token.check_token(owner, token)


def test_an_account_created_inactive_awaits_activation_and_is_not_banned(db):
    newcomer = User.objects.create_user("newcomer", "n@example.com", PASSWORD, is_active=False)
    assert newcomer.deactivated_at is None and not newcomer.is_banned


def test_a_login_that_upgrades_the_password_hash_keeps_the_api_token(owner, settings):
    settings.PASSWORD_HASHERS = [*settings.PASSWORD_HASHERS, "django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    User.objects.filter(pk=owner.pk).update(password=make_password(PASSWORD, hasher="pbkdf2_sha256"))
    token = Token.objects.create(user=owner)
    assert APIClient().post("/api/v1/token/", {"username": "owner", "password": PASSWORD}).status_code == 200
    owner.refresh_from_db()
    assert owner.password.startswith("md5$"), "upgraded on login"
    assert Token.objects.filter(pk=token.pk).exists()


def test_saving_other_fields_keeps_the_api_token(owner):
    token = Token.objects.create(user=owner)
    owner.first_name = "Юрий"
    owner.save()
    owner.save(update_fields=["last_login"])
    assert Token.objects.filter(pk=token.pk).exists()


def test_an_email_change_awaiting_confirmation_is_not_a_ban(activation_mails, owner, mailoutbox):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=owner).key}")
    body = {"email": "new@example.com", "current_password": PASSWORD}
    assert client.patch("/api/v1/auth/users/me/", body).status_code == 200
    owner.refresh_from_db()
    assert not owner.is_active and not owner.is_banned, "djoser asks for the new address to be confirmed"
    assert APIClient().post("/api/v1/auth/users/resend_activation/", {"email": "new@example.com"}).status_code == 204
    assert [message.to for message in mailoutbox][-1] == ["new@example.com"]


def test_a_bulk_deactivation_ends_every_credential_as_a_save_does(owner):
    jwt_client, _ = jwt_login()
    assert jwt_client.get("/api/v1/auth/users/me/").status_code == 200  # now remembered (accounts.token_users)
    token = Token.objects.create(user=owner)
    reset = password_reset_token.make_token(owner)
    assert User.objects.filter(pk=owner.pk).update(is_active=False) == 1
    owner.refresh_from_db()
    assert owner.is_banned
    assert not Token.objects.filter(pk=token.pk).exists()
    assert not password_reset_token.check_token(owner, reset)
    assert jwt_client.get("/api/v1/auth/users/me/").status_code == 401


def test_a_bulk_password_change_deletes_api_tokens(owner):
    token = Token.objects.create(user=owner)
    User.objects.filter(pk=owner.pk).update(password=make_password("An0ther-strong-phrase"))
    assert not Token.objects.filter(pk=token.pk).exists()
