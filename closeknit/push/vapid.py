"""The server's VAPID key pair (RFC 8292): it identifies this Closeknit to the browsers'
push services, so no account with any of them is needed.

The private key is a P-256 scalar written as 32 bytes of url-safe base64, the format most
web push tools print (`npx web-push generate-vapid-keys` makes a compatible pair). It
comes from CLOSEKNIT_VAPID_PRIVATE_KEY or, when unset, from `<data dir>/vapid.key`,
generated on first run like the secret key. Only cryptography is imported here: the
settings module reads this before Django's apps are loaded.
"""

import base64
from functools import cache

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.exceptions import ImproperlyConfigured


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def generate_private_key() -> str:
    key = ec.generate_private_key(ec.SECP256R1())
    return b64url(key.private_numbers().private_value.to_bytes(32, "big"))


def parse_private_key(raw: str, *, source: str) -> str:
    """Check a configured key at start, so a bad one stops the process with its name."""
    try:
        private_key(raw.strip())
    except (ValueError, TypeError):
        raise ImproperlyConfigured(
            f"{source} is not a VAPID private key (a P-256 key as 32 bytes of url-safe "
            "base64, e.g. the private key that `npx web-push generate-vapid-keys` prints)."
        ) from None
    return raw.strip()


@cache
def private_key(raw: str) -> ec.EllipticCurvePrivateKey:
    value = b64url_decode(raw)
    if len(value) != 32:
        raise ValueError("a VAPID private key is 32 bytes")
    return ec.derive_private_key(int.from_bytes(value, "big"), ec.SECP256R1())


def public_key(raw: str) -> str:
    """The application server key browsers subscribe with: the uncompressed P-256 point
    (65 bytes) in url-safe base64."""
    point = (
        private_key(raw)
        .public_key()
        .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )
    return b64url(point)
