"""Errors that services raise and every interface turns into a clear answer.

Views show `message` to the person; the API answers `{"error": {"code", "message"}}` with
`status`. Messages are written for people: they say what happened and what to do next.
"""


class ServiceError(Exception):
    status = 400
    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class Invalid(ServiceError):
    status = 400
    code = "invalid"


class Unauthorized(ServiceError):
    status = 401
    code = "bad_credentials"


class NotFound(ServiceError):
    status = 404
    code = "not_found"


class Forbidden(ServiceError):
    status = 403
    code = "forbidden"


class Conflict(ServiceError):
    status = 409
    code = "conflict"


class Gone(ServiceError):
    status = 410
    code = "gone"


class RateLimited(ServiceError):
    status = 429
    code = "rate_limited"


class Unavailable(ServiceError):
    status = 503
    code = "unavailable"
