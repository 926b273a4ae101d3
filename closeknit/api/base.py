"""The JSON API's shared parts: authentication, the one error shape, status docs."""

import logging
import time
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.security import HttpBearer, SessionAuth
from ninja.throttling import BaseThrottle

from closeknit.accounts.models import User
from closeknit.accounts.services import token_authenticate
from closeknit.lib import ratelimit
from closeknit.lib.errors import ServiceError

logger = logging.getLogger(__name__)


class ErrorDetail(Schema):
    code: str
    message: str


class ErrorOut(Schema):
    error: ErrorDetail


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """Document the error answers an operation can give. Any of them may answer 400 (a
    body that isn't JSON), 401, 413 (too large), 422 (fields that don't fit) or 429 (too
    many calls in a minute)."""
    return {status: ErrorOut for status in {400, 401, 413, 422, 429, *statuses}}


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return token_authenticate(token)


def error_body(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def _describe(errors_list: list[dict[str, Any]]) -> str:
    parts = []
    for err in errors_list[:5]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("body", "payload"))
        parts.append(f"{where}: {err.get('msg', 'invalid')}" if where else err.get("msg", ""))
    return "Check your input. " + "; ".join(parts)


def install_error_handlers(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, status: int, code: str, message: str) -> HttpResponse:
        return api.create_response(request, error_body(code, message), status=status)

    @api.exception_handler(ServiceError)
    def service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
        return respond(request, exc.status, exc.code, exc.message)

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return respond(request, 422, "invalid_input", _describe(exc.errors))

    @api.exception_handler(AuthenticationError)
    def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return respond(
            request,
            401,
            "not_authenticated",
            "Log in, or send a valid token as 'Authorization: Bearer <token>'.",
        )

    @api.exception_handler(Throttled)
    def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        wait = max(1, round(exc.wait or 60))
        response = respond(
            request,
            429,
            "rate_limited",
            f"Too many requests in a short time. Wait {wait} seconds, then try again.",
        )
        response["Retry-After"] = str(wait)
        return response

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code = {403: "forbidden", 404: "not_found", 429: "rate_limited"}.get(
            exc.status_code, "error"
        )
        return respond(request, exc.status_code, code, str(exc))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, 404, "not_found", "Not found.")

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return respond(request, 413, "too_large", "That request is too large. Send less at a time.")

    @api.exception_handler(SuspiciousOperation)
    def suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
        return respond(request, 400, "bad_request", "That request could not be understood.")

    @api.exception_handler(Exception)
    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("Unhandled API error", exc_info=exc)
        return respond(
            request, 500, "server_error", "Something went wrong on our side. Please try again."
        )


session_auth = SessionAuth(csrf=True)
bearer_auth = BearerToken()


class RequestThrottle(BaseThrottle):
    """At most CLOSEKNIT_API_PER_MINUTE calls a minute per person, or per address for
    calls made before logging in, counted in each web worker's memory.

    A backstop against runaway clients and scraping; signing up, tokens, invitations and
    unlocking keep their own stricter limits shared by every worker. Stateless per call
    (ninja shares one instance between threads)."""

    def allow_request(self, request: HttpRequest) -> bool:
        person = getattr(request, "auth", None)
        ident = f"u{person.pk}" if isinstance(person, User) else ratelimit.client_ip(request)
        return ratelimit.allow(
            scope="api",
            key=ident,
            limit=settings.CLOSEKNIT_API_PER_MINUTE,
            period_seconds=60,
            using="throttle",
        )

    def wait(self) -> float:
        return 60 - time.time() % 60


class In(Schema):
    """Request bodies reject fields they don't know, so typos don't pass silently."""

    model_config = {"extra": "forbid"}


def current_user(request: HttpRequest) -> User:
    """The person an authenticated API request acts for (set by the auth classes)."""
    return cast(User, getattr(request, "auth"))  # noqa: B009 - set dynamically by ninja


@csrf_exempt  # it changes nothing; a CSRF page would be HTML in the middle of the API
def api_not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Anything under /api/ that matches no route (a path id that isn't a number, say)
    still answers in the API's error shape, not with the HTML 404 page."""
    from django.http import JsonResponse

    return JsonResponse(error_body("not_found", "Not found."), status=404)
