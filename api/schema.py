"""OpenAPI machinery: the error responses every operation can give, examples, aliases and links.

drf-spectacular infers the success responses from the views; `AutoSchema` adds the errors the
request pipeline produces (authentication, permissions, parsers, throttles, lookups, protected
deletes) with shared `Error` and `ValidationError` components, and `postprocess` adds what only the
whole document can say: the notes' examples, `cat_id` as a deprecated alias, the account-delete
body, the routes outside DRF's schema (API roots, health probes) and response links.
"""

from types import SimpleNamespace

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.utils import translation
from drf_spectacular import openapi
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import authentication, exceptions, permissions, serializers
from rest_framework.settings import api_settings

from .errors import Conflict, PreconditionFailed, RequestTooLarge, UnprocessableEntity

ERROR_SCHEMA = {
    "type": "object",
    "description": "An error: `detail` says what went wrong (in the language of `Accept-Language`).",
    "properties": {
        "detail": {"type": "string"},
        "code": {"type": "string", "description": "A machine-readable reason, when there is one."},
    },
    "required": ["detail"],
}
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": "Invalid input: each key names a field (or `non_field_errors`, or `detail`) with its messages.",
    "additionalProperties": {},
}

ERROR_DESCRIPTIONS = {
    400: "Invalid input; the body names the fields.",
    401: "No credentials, or invalid or expired ones.",
    403: "The credentials do not allow this (or a session request without its CSRF token).",
    404: "No such object (or not visible to the client), or no such page.",
    409: "The object is still referenced by other records, or a request with this Idempotency-Key is in progress.",
    412: "`If-Match` does not match the record's current ETag: it changed since it was read; nothing was written.",
    413: "The request body is too large.",
    415: "The request body's media type is not supported.",
    422: "This `Idempotency-Key` was already used with a different request body.",
    429: "Too many requests; retry after `Retry-After` seconds.",
}
ERROR_REF = {"$ref": "#/components/schemas/Error"}
# What the pipeline answers with each status (its own messages, shown in Russian, the default language).
ERROR_EXAMPLES = {
    401: exceptions.NotAuthenticated(),
    403: exceptions.PermissionDenied(),
    404: exceptions.NotFound(),
    409: Conflict(),
    412: PreconditionFailed(),
    413: RequestTooLarge(),
    415: exceptions.UnsupportedMediaType("text/plain"),
    422: UnprocessableEntity(),
    429: exceptions.Throttled(17),
}


def error_example(status: int) -> dict:
    """A typical body of an error with this status, in Russian."""
    with translation.override("ru"):
        if status == 400:
            invalid = serializers.Serializer.default_error_messages["invalid"].format(datatype="str")
            return {api_settings.NON_FIELD_ERRORS_KEY: [invalid]}
        return {"detail": str(ERROR_EXAMPLES[status].detail)}


RETRY_AFTER = {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}}


def text_pattern(field: serializers.CharField) -> str:
    """What DRF's CharField accepts: never a NUL byte, and unless blanks are allowed, a character that
    is not whitespace when it trims (it does by default)."""
    if field.allow_blank:
        return "^[^\\u0000]*$"
    if field.trim_whitespace:
        return "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"
    return "^[^\\u0000]+$"


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's AutoSchema, plus the error responses the operation can really give."""

    def get_auth(self):
        """Mark the security optional (`{}`) wherever the permissions let an anonymous client through."""
        auths = super().get_auth()
        if auths and {} not in auths and self.allows_anonymous():
            auths.append({})
        return auths

    def allows_anonymous(self) -> bool:
        request = SimpleNamespace(method=self.method, user=AnonymousUser(), auth=None)
        try:
            return all(permission.has_permission(request, self.view) for permission in self.view.get_permissions())
        except Exception:  # A permission that needs more of a real request: assume it wants a user.
            return False

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for status in self.error_statuses():
            responses.setdefault(str(status), self.error_response(status))
        return responses

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        meta = super()._map_serializer_field(field, direction, bypass_extensions)
        if (
            direction == "request"
            and isinstance(field, serializers.CharField)
            and meta.get("type") == "string"
            and "format" not in meta  # an email, a URL…: the format already says what is accepted
        ):
            meta.setdefault("pattern", text_pattern(field))
            if not field.allow_blank:
                meta.setdefault("minLength", 1)
        return meta

    def error_statuses(self) -> list[int]:
        has_body = self.method in ("POST", "PUT", "PATCH") or self.has_validated_delete_body()
        statuses = [401, 429] if self.view.get_throttles() else [401]
        if has_body or self.has_validated_query():
            statuses.append(400)
        if self.can_be_forbidden():
            statuses.append(403)
        if "{" in self.path or self.is_paginated_list():
            statuses.append(404)
        if self.method == "DELETE" and self.model_is_protected():
            statuses.append(409)
        if has_body:
            statuses += [413, 415]
        headers = {getattr(parameter, "name", None) for parameter in self.get_override_parameters()}
        if "If-Match" in headers:
            statuses.append(412)
        if "Idempotency-Key" in headers:
            statuses += [409, 422]
        return sorted(set(statuses))

    def error_response(self, status: int) -> dict:
        name = "ValidationError" if status == 400 else "Error"
        schema = VALIDATION_ERROR_SCHEMA if status == 400 else ERROR_SCHEMA
        component = ResolvedComponent(name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema)
        self.registry.register_on_missing(component)
        response = {
            "description": ERROR_DESCRIPTIONS[status],
            "content": {"application/json": {"schema": component.ref, "example": error_example(status)}},
        }
        if status == 429:
            response["headers"] = RETRY_AFTER
        return response

    def has_validated_query(self) -> bool:
        """A list whose filters or page size validate their values (`?cat=abc`, `?page_size=0` are a 400)."""
        filtered = getattr(self.view, "filterset_class", None) is not None
        return self.method == "GET" and self._is_list_view() and (filtered or self._get_paginator() is not None)

    def has_validated_delete_body(self) -> bool:
        """djoser deletes the current user only with `current_password` in the body."""
        return self.method == "DELETE" and getattr(self.view, "action", None) in ("me", "destroy") and self.is_users()

    def is_users(self) -> bool:
        return "/auth/users/" in self.path

    def is_paginated_list(self) -> bool:
        return self.method == "GET" and self._is_list_view() and self._get_paginator() is not None

    def can_be_forbidden(self) -> bool:
        perms = self.view.get_permissions()
        if self.method in permissions.SAFE_METHODS:
            # Read-only-for-anyone permissions answer a read; djoser hides other users behind a 404.
            return False
        uses_session = any(isinstance(a, authentication.SessionAuthentication) for a in self.view.get_authenticators())
        return uses_session or not all(isinstance(p, permissions.AllowAny) for p in perms)

    def model_is_protected(self) -> bool:
        model = getattr(getattr(self.view, "queryset", None), "model", None)
        if model is None:
            return False
        return any(
            relation.on_delete is models.PROTECT
            for relation in model._meta.related_objects
            if getattr(relation, "on_delete", None) is not None
        )


# Examples for the inline serializers of menapp.views; the others are on their serializers
# (menapp.serializers, accounts.strict).
COMPONENT_EXAMPLES = {
    "CategoryNames": {"cats": ["Актеры", "Певцы", "Спортсмены"]},
    "CategoryName": {"cats": "Актеры"},
}

EXAMPLE_ORIGIN = "http://127.0.0.1:8000"  # where `make run` serves

# Operations that create a resource, and the operations that take the created `id`.
LINKED_COLLECTIONS = ("/api/v1/men/", "/api/v1/categories/", "/api/v1/auth/users/")


def postprocess(result, generator, request, public):
    """drf-spectacular postprocessing hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"])."""
    schemas = result.get("components", {}).get("schemas", {})
    for name, example in COMPONENT_EXAMPLES.items():
        if name in schemas:
            schemas[name]["example"] = example
    for name in ("MenRequest", "PatchedMenRequest"):
        alias = schemas.get(name, {}).get("properties", {}).get("cat_id")
        if alias is not None:
            alias["deprecated"] = True
    men_request = schemas.get("MenRequest")
    if men_request is not None:
        # `cat` or its alias `cat_id`: either one names the category.
        men_request["required"] = [field for field in men_request["required"] if field != "cat"]
        men_request["anyOf"] = [{"required": ["cat"]}, {"required": ["cat_id"]}]
    fix_page_link_examples(result["paths"], schemas)
    forbid_nul_in_query_strings(result["paths"])
    drop_response_patterns(schemas)
    add_user_delete_body(result)
    add_plain_django_routes(result)
    add_links(result["paths"])
    return result


def add_plain_django_routes(result: dict) -> None:
    """The routes outside drf-spectacular's view: the routers' API roots and the health probes."""
    links = {"type": "object", "additionalProperties": {"type": "string", "format": "uri"}}
    liveness = {"type": "string", "enum": ["ok"]}
    # api.health: `degraded` is ready without the cache (200), `unavailable` without the database (503).
    status = {"type": "string", "enum": ["ok", "degraded", "unavailable"]}
    checks = {"type": "object", "additionalProperties": {"type": "string", "enum": ["ok", "failed"]}}
    readiness = {"type": "object", "properties": {"status": status, "checks": checks}, "required": ["status", "checks"]}

    def json(schema, description, example=None):
        content = {"schema": schema} | ({"example": example} if example else {})
        return {"description": description, "content": {"application/json": content}}

    def get(operation_id, tag, summary, description, responses, security=None):
        operation = {
            "operationId": operation_id,
            "summary": summary,
            "description": description,
            "tags": [tag],
            "responses": responses,
        }
        if security is not None:
            operation["security"] = security
        return {"get": operation}

    api_security: list[dict[str, list]] = [
        {"jwtAuth": []},
        {"tokenAuth": []},
        {"cookieAuth": []},
        {"basicAuth": []},
        {},
    ]
    api_errors = {
        "401": {"description": ERROR_DESCRIPTIONS[401], "content": {"application/json": {"schema": ERROR_REF}}},
        "429": {
            "description": ERROR_DESCRIPTIONS[429],
            "content": {"application/json": {"schema": ERROR_REF}},
            "headers": RETRY_AFTER,
        },
    }
    result["paths"].update(
        {
            "/api/v1/": get(
                "api_root",
                "root",
                "Корень API",
                "The API root: the URL of each collection.",
                {"200": json(links, "", {"men": "http://127.0.0.1:8000/api/v1/men/"}), **api_errors},
                api_security,
            ),
            "/api/v1/auth/": get(
                "auth_root",
                "root",
                "Корень раздела пользователей",
                "The users router's root: the URL of `users/`.",
                {"200": json(links, ""), **api_errors},
                api_security,
            ),
            "/healthz": get(
                "healthz",
                "health",
                "Процесс жив",
                "Liveness: the process is up (touches nothing else).",
                {"200": json({"type": "object", "properties": {"status": liveness}, "required": ["status"]}, "")},
                [],
            ),
            "/readyz": get(
                "readyz",
                "health",
                "Готов принимать запросы",
                "Readiness: the database answers and the cache round-trips a value.",
                {"200": json(readiness, "Ready."), "503": json(readiness, "Not ready: see `checks`.")},
                [],
            ),
        }
    )


def fix_page_link_examples(paths: dict, schemas: dict) -> None:
    """DRF's paginators show `http://api.example.org/accounts/?page=4` for every list: show the list's own URL."""
    placeholder = "http://api.example.org/accounts/"
    for path, operations in paths.items():
        ok = operations.get("get", {}).get("responses", {}).get("200", {})
        ok = ok.get("content", {}).get("application/json", {})
        ref = ok.get("schema", {}).get("$ref", "")
        page = schemas.get(ref.rsplit("/", 1)[-1], {}).get("properties", {})
        # The page component's examples, and the listed serializer examples drf-spectacular wraps in a page.
        links = [(page[name], "example") for name in ("next", "previous") if name in page]
        for example in ok.get("examples", {}).values():
            links += [(example["value"], name) for name in ("next", "previous")]
        for holder, key in links:
            if isinstance(holder.get(key), str) and placeholder in holder[key]:
                holder[key] = holder[key].replace(placeholder, f"{EXAMPLE_ORIGIN}{path}")


def drop_response_patterns(schemas: dict) -> None:
    """Validator patterns belong to requests. In a response they only mislead: Django's username
    pattern `[\\w.@+-]` is Unicode-aware in Python, ASCII-only in an OpenAPI (ECMA-262) validator."""
    for name, schema in schemas.items():
        if not name.endswith("Request"):
            for field in schema.get("properties", {}).values():
                field.pop("pattern", None)


def forbid_nul_in_query_strings(paths: dict) -> None:
    """No query parameter may carry a NUL byte (api.middleware answers 400): say so in the schema."""
    for operations in paths.values():
        for operation in operations.values():
            for parameter in operation.get("parameters", ()) if isinstance(operation, dict) else ():
                schema = parameter.get("schema", {})
                if parameter.get("in") == "query" and schema.get("type") == "string" and "pattern" not in schema:
                    schema["pattern"] = "^[^\\u0000]*$"


def add_user_delete_body(result: dict) -> None:
    """djoser deletes an account only with its password in the body, which drf-spectacular leaves out of a DELETE."""
    body = {
        "type": "object",
        "properties": {"current_password": {"type": "string", "writeOnly": True, "minLength": 1}},
        "required": ["current_password"],
    }
    result["components"]["schemas"]["UserDeleteRequest"] = body
    ref = {"schema": {"$ref": "#/components/schemas/UserDeleteRequest"}}
    for path in ("/api/v1/auth/users/me/", "/api/v1/auth/users/{id}/"):
        operations = result["paths"].get(path, {})
        if "delete" in operations:
            # The media types the other writes on this path document (SPECTACULAR_SETTINGS["PARSER_WHITELIST"]).
            media_types = operations.get("put", {}).get("requestBody", {}).get("content", {"application/json": {}})
            operations["delete"]["requestBody"] = {"content": dict.fromkeys(media_types, ref), "required": True}


def add_links(paths: dict) -> None:
    """Link each create operation's `id` to the operations on the created object (stateful testing)."""
    for collection in LINKED_COLLECTIONS:
        created = paths.get(collection, {}).get("post", {}).get("responses", {}).get("201")
        if created is None:
            continue
        links = {}
        for path, operations in paths.items():
            if not path.startswith(f"{collection}{{id}}/"):
                continue
            for operation in operations.values():
                links[operation["operationId"]] = {
                    "operationId": operation["operationId"],
                    "parameters": {"id": "$response.body#/id"},
                }
        created["links"] = links
