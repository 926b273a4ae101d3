"""One web push over HTTP: the payload encrypted for the device (RFC 8291, aes128gcm)
and signed for the push service with our VAPID key (RFC 8292).

py-vapid and http-ece are the two small libraries pywebpush itself is built on (same
authors, web-push-libs); pywebpush 2.x adds aiohttp and requests on top, a dozen packages
for an HTTP POST the standard library makes. Redirects are not followed: the endpoint is
checked on subscribing, and a redirect must not lead the worker elsewhere.
"""

import os
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

import http_ece
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from py_vapid import Vapid02

from closeknit.push.vapid import b64url_decode, private_key

TIMEOUT_SECONDS = 10
TOKEN_SECONDS = 12 * 3600  # RFC 8292: at most 24 hours


@dataclass(frozen=True)
class Outcome:
    status: int  # the push service's HTTP status; 0 when it could not be reached
    retry_after: int | None = None  # seconds, when the service said so (429, 503)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # the 3xx comes back as an HTTPError, a failure for good


_opener = urllib.request.build_opener(_NoRedirect)


def vapid_subject() -> str:
    """Who runs this server, for the push services: CLOSEKNIT_VAPID_SUBJECT, else the
    site's https URL, else the sender address of the emails."""
    if settings.CLOSEKNIT_VAPID_SUBJECT:
        return str(settings.CLOSEKNIT_VAPID_SUBJECT)
    if settings.CLOSEKNIT_SITE_URL.startswith("https://"):
        return str(settings.CLOSEKNIT_SITE_URL)
    address = settings.DEFAULT_FROM_EMAIL.rsplit("<", 1)[-1].rstrip(">").strip()
    return f"mailto:{address}"


def encrypt(payload: bytes, *, p256dh: str, auth: str) -> bytes:
    # A fresh sender key and salt per message, as RFC 8291 requires.
    return http_ece.encrypt(  # type: ignore[no-any-return]
        payload,
        salt=os.urandom(16),
        private_key=ec.generate_private_key(ec.SECP256R1()),
        dh=b64url_decode(p256dh),
        auth_secret=b64url_decode(auth),
        version="aes128gcm",
    )


def authorization(endpoint: str) -> str:
    parts = urlsplit(endpoint)
    claims = {
        "aud": f"{parts.scheme}://{parts.netloc}",
        "exp": int(time.time()) + TOKEN_SECONDS,
        "sub": vapid_subject(),
    }
    signer = Vapid02(private_key=private_key(settings.CLOSEKNIT_VAPID_PRIVATE_KEY))
    return str(signer.sign(claims)["Authorization"])


def send(*, endpoint: str, p256dh: str, auth: str, payload: bytes, topic: str, ttl: int) -> Outcome:
    request = urllib.request.Request(  # noqa: S310 - endpoint checked: https push services
        endpoint,
        data=encrypt(payload, p256dh=p256dh, auth=auth),
        method="POST",
        headers={
            "Authorization": authorization(endpoint),
            "Content-Encoding": "aes128gcm",
            "Content-Type": "application/octet-stream",
            "TTL": str(ttl),
            "Topic": topic,
            "Urgency": "normal",
        },
    )
    try:
        with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            return Outcome(status=response.status)
    except urllib.error.HTTPError as exc:
        retry = exc.headers.get("Retry-After", "") if exc.headers else ""
        return Outcome(status=exc.code, retry_after=int(retry) if retry.isdigit() else None)
    except (OSError, ValueError):  # refused, timed out, TLS, DNS: try again later
        return Outcome(status=0)
