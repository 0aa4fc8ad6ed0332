"""djoser's mails, each carrying a token from its own generator (accounts.mail_tokens).

djoser signs every mail with Django's one default_token_generator, so an activation token would
also reset a password and the other way round.
"""

from djoser import email as djoser_email
from djoser.conf import settings as djoser_settings

from . import mail_tokens


class ActivationEmail(djoser_email.ActivationEmail):
    def get_context_data(self):
        context = super().get_context_data()
        context["token"] = mail_tokens.activation_token.make_token(context["user"])
        context["url"] = djoser_settings.ACTIVATION_URL.format(**context)
        return context


class PasswordResetEmail(djoser_email.PasswordResetEmail):
    def get_context_data(self):
        context = super().get_context_data()
        context["token"] = mail_tokens.password_reset_token.make_token(context["user"])
        context["url"] = djoser_settings.PASSWORD_RESET_CONFIRM_URL.format(**context)
        return context


class UsernameResetEmail(djoser_email.UsernameResetEmail):
    def get_context_data(self):
        context = super().get_context_data()
        context["token"] = mail_tokens.username_reset_token.make_token(context["user"])
        context["url"] = djoser_settings.USERNAME_RESET_CONFIRM_URL.format(**context)
        return context
