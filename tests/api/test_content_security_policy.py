"""The Content-Security-Policy: django-csp's policy on every answer, built once, and django-csp's own handling
for any response that asks for a policy of its own."""

import pytest
from csp.constants import HEADER
from csp.exceptions import CSPNonceError
from csp.utils import build_policy
from django.http import HttpResponse
from django.test import RequestFactory
from rest_framework.test import APIClient

from api.middleware import ContentSecurityPolicyMiddleware


@pytest.mark.parametrize("path", ["/api/v1/men/", "/api/v1/no-such-route/", "/healthz", "/"])
def test_every_answer_carries_django_csps_own_policy(db, path):
    response = APIClient().get(path)
    assert response[HEADER] == build_policy()


def middleware_answer(response: HttpResponse):
    request = RequestFactory().get("/api/v1/men/")
    middleware = ContentSecurityPolicyMiddleware(lambda request: response)
    middleware.process_request(request)
    return request, middleware.process_response(request, response)


def test_a_response_that_asks_for_a_policy_of_its_own_gets_it_from_django_csp():
    response = HttpResponse()
    response._csp_update = {"img-src": ["https://images.example.com"]}
    _, answered = middleware_answer(response)
    assert "https://images.example.com" in answered[HEADER]


def test_an_exempt_response_gets_no_policy():
    response = HttpResponse()
    response._csp_exempt = True
    _, answered = middleware_answer(response)
    assert HEADER not in answered


def test_a_nonce_asked_for_after_the_header_was_written_is_an_error():
    request, answered = middleware_answer(HttpResponse())
    assert answered[HEADER] == build_policy()
    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)
