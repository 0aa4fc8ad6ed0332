"""Accounts in the docs: tags and summaries for djoser's and SimpleJWT's views (api.openapi_docs),
and djoser's token login documented with the body it really answers (`auth_token`)."""

from djoser.serializers import TokenSerializer
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

from api.openapi_docs import documented

# drf-spectacular's own fix for SimpleJWT's login matches SimpleJWT's serializer class only, not ours
# (accounts.strict): without this the JWT login was documented with no response body.
TOKEN_PAIR = inline_serializer(
    "TokenObtainPair", {"access": serializers.CharField(), "refresh": serializers.CharField()}
)

UserViewSetDocs = documented(
    "accounts.views.UserViewSet",
    "users",
    {
        "list": "Список пользователей",
        "create": "Регистрация",
        "retrieve": "Получить пользователя",
        "update": "Заменить данные пользователя",
        "partial_update": "Изменить данные пользователя",
        "destroy": "Удалить пользователя",
        "me": {
            "GET": "Текущий пользователь",
            "PUT": "Заменить свои данные",
            "PATCH": "Изменить свои данные",
            "DELETE": "Удалить свою учётную запись",
        },
        "activation": "Активировать учётную запись",
        "resend_activation": "Отправить письмо активации ещё раз",
        "reset_password": "Запросить сброс пароля",
        "reset_password_confirm": "Подтвердить сброс пароля",
        "reset_username": "Запросить сброс имени пользователя",
        "reset_username_confirm": "Подтвердить сброс имени пользователя",
        "set_password": "Сменить пароль",
        "set_username": "Сменить имя пользователя",
    },
)
TokenCreateViewDocs = documented(
    "accounts.views.TokenCreateView", "token", {"post": "Вход: получить токен"}, responses={200: TokenSerializer}
)
TokenDestroyViewDocs = documented("accounts.views.TokenDestroyView", "token", {"post": "Выход: удалить токен"})
TokenObtainPairViewDocs = documented(
    "accounts.views.TokenObtainPairView", "jwt", {"post": "Получить пару JWT"}, responses={200: TOKEN_PAIR}
)
TokenRefreshViewDocs = documented(
    "rest_framework_simplejwt.views.TokenRefreshView", "jwt", {"post": "Обновить access-токен"}
)
TokenVerifyViewDocs = documented("rest_framework_simplejwt.views.TokenVerifyView", "jwt", {"post": "Проверить токен"})
TokenBlacklistViewDocs = documented(
    "accounts.views.TokenBlacklistView", "jwt", {"post": "Выход: отозвать refresh-токен"}
)
