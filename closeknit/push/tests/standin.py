"""A push service stand-in on loopback, checking what a real one checks and what only the
phone could: the VAPID signature (RFC 8292) and the encrypted payload (RFC 8291),
decrypted here with the subscriber's own private key. Written from the RFCs with
cryptography alone, so it shares no code with the sending side (py-vapid, http-ece)."""

import base64
import json
import os
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

P256 = ec.SECP256R1()


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _point(key: ec.EllipticCurvePublicKey) -> bytes:
    return key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )


def _hkdf(*, salt: bytes, ikm: bytes, info: bytes, length: int) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info).derive(ikm)


@dataclass
class Subscriber:
    """A browser's side of a subscription: its own key pair and auth secret."""

    endpoint: str
    private_key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(P256)
    )
    auth_secret: bytes = field(default_factory=lambda: os.urandom(16))

    @property
    def p256dh(self) -> str:
        return b64(_point(self.private_key.public_key()))

    @property
    def auth(self) -> str:
        return b64(self.auth_secret)

    def as_json(self) -> dict[str, Any]:  # what PushSubscription.toJSON() gives
        return {
            "endpoint": self.endpoint,
            "expirationTime": None,
            "keys": {"p256dh": self.p256dh, "auth": self.auth},
        }

    def decrypt(self, body: bytes) -> bytes:
        """RFC 8291 section 3 and RFC 8188: one aes128gcm record."""
        salt, rs, idlen = body[:16], int.from_bytes(body[16:20], "big"), body[20]
        sender = body[21 : 21 + idlen]
        records = body[21 + idlen :]
        assert idlen == 65 and len(records) <= rs, "one record with the sender's key"
        as_public = ec.EllipticCurvePublicKey.from_encoded_point(P256, sender)
        shared = self.private_key.exchange(ec.ECDH(), as_public)
        ua_public = _point(self.private_key.public_key())
        info = b"WebPush: info\x00" + ua_public + sender
        ikm = _hkdf(salt=self.auth_secret, ikm=shared, info=info, length=32)
        cek = _hkdf(salt=salt, ikm=ikm, info=b"Content-Encoding: aes128gcm\x00", length=16)
        nonce = _hkdf(salt=salt, ikm=ikm, info=b"Content-Encoding: nonce\x00", length=12)
        padded = AESGCM(cek).decrypt(nonce, records, None)
        text = padded.rstrip(b"\x00")
        assert text.endswith(b"\x02"), "the last record ends with the delimiter 2"
        return text[:-1]


def check_vapid(header: str, *, audience: str, server_key: str) -> dict[str, Any]:
    """The Authorization header `vapid t=<JWT>,k=<key>`: the key is ours, the JWT is
    ES256-signed by it, for this origin, not expired. Returns the claims."""
    match = re.fullmatch(r"vapid t=([\w-]+\.[\w-]+\.[\w-]+),\s*k=([\w-]+)", header)
    assert match, f"not a VAPID header: {header!r}"
    token, key = match.groups()
    assert key == server_key, "k= is not the configured VAPID public key"
    head_b64, claims_b64, signature_b64 = token.split(".")
    head = json.loads(unb64(head_b64))
    assert head["alg"] == "ES256", head
    signature = unb64(signature_b64)
    assert len(signature) == 64, "ES256 signatures are r||s, 64 bytes (RFC 7518)"
    der = encode_dss_signature(
        int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
    )
    public = ec.EllipticCurvePublicKey.from_encoded_point(P256, unb64(key))
    try:
        public.verify(der, f"{head_b64}.{claims_b64}".encode(), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        raise AssertionError("the VAPID JWT's signature does not verify") from None
    claims: dict[str, Any] = json.loads(unb64(claims_b64))
    assert claims["aud"] == audience, claims
    assert time.time() < claims["exp"] <= time.time() + 24 * 3600, claims
    assert claims["sub"].startswith(("mailto:", "https://")), claims
    return claims


@dataclass
class Received:
    endpoint: str
    headers: dict[str, str]
    payload: dict[str, Any]
    claims: dict[str, Any]


class PushServiceStandIn:
    """Answers each push with the next status in `statuses` (201 when none is left)."""

    def __init__(self, *, server_key: str) -> None:
        self.server_key = server_key
        self.received: list[Received] = []
        self.problems: list[str] = []
        self.statuses: list[int] = []
        self._subscribers: dict[str, Subscriber] = {}
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                standin._handle(self)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "PushServiceStandIn":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def subscriber(self) -> Subscriber:
        found = Subscriber(endpoint=f"{self.origin}/push/{b64(os.urandom(12))}")
        self._subscribers[found.endpoint] = found
        return found

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        body = request.rfile.read(int(request.headers.get("Content-Length", "0")))
        endpoint = self.origin + request.path
        headers = {k.lower(): v for k, v in request.headers.items()}  # names are any case
        try:
            subscriber = self._subscribers[endpoint]
            claims = check_vapid(
                headers.get("authorization", ""), audience=self.origin, server_key=self.server_key
            )
            assert headers.get("content-encoding") == "aes128gcm", headers
            assert int(headers.get("ttl", "-1")) >= 0, "TTL is required"
            assert re.fullmatch(r"[A-Za-z0-9_-]{1,32}", headers.get("topic", "")), headers
            payload = json.loads(subscriber.decrypt(body))
        except (AssertionError, KeyError, ValueError) as problem:
            self.problems.append(repr(problem))
            status = 400
        else:
            self.received.append(Received(endpoint, headers, payload, claims))
            status = self.statuses.pop(0) if self.statuses else 201
        request.send_response(status)
        if status == 429:
            request.send_header("Retry-After", "120")
        request.send_header("Content-Length", "0")
        request.end_headers()
