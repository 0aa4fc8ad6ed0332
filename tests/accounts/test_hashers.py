"""Passwords are hashed with Argon2id at OWASP's parameters."""

from django.contrib.auth.hashers import Argon2PasswordHasher, check_password, identify_hasher, make_password


def test_passwords_are_hashed_with_argon2id_at_owasp_parameters(settings):
    settings.PASSWORD_HASHERS = ["accounts.hashers.OWASPArgon2PasswordHasher"]
    encoded = make_password("Str0ng-pass-phrase")
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert check_password("Str0ng-pass-phrase", encoded)
    assert not check_password("wrong", encoded)


def test_hashes_made_with_djangos_default_argon2_still_verify_and_are_upgraded(settings):
    settings.PASSWORD_HASHERS = ["accounts.hashers.OWASPArgon2PasswordHasher"]
    django_default = Argon2PasswordHasher()
    old = django_default.encode("Str0ng-pass-phrase", django_default.salt())
    assert "m=102400" in old
    assert check_password("Str0ng-pass-phrase", old)
    assert identify_hasher(old).must_update(old)
