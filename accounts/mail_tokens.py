"""The tokens mailed for activation, password reset and username reset: one generator each.

Django's PasswordResetTokenGenerator, with a salt per purpose (an activation token resets no password,
a reset token activates no account) and the account's state in the hash: a token made before a
deactivation, a password change or a login stops working, even if staff reactivate the account.
"""

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class AccountTokenGenerator(PasswordResetTokenGenerator):
    def __init__(self, purpose: str):
        self.key_salt = f"accounts.mail_tokens.{purpose}"
        super().__init__()

    def _make_hash_value(self, user, timestamp):
        deactivated = "" if user.deactivated_at is None else int(user.deactivated_at.timestamp())
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}{deactivated}"


activation_token = AccountTokenGenerator("activation")
password_reset_token = AccountTokenGenerator("password_reset")
username_reset_token = AccountTokenGenerator("username_reset")
