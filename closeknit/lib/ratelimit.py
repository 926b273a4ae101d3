"""A fixed-window counter in the shared cache, for actions allauth does not cover."""

import hashlib
import time

from django.conf import settings
from django.core.cache import caches


def allow(*, scope: str, key: str, limit: int, period_seconds: int, using: str = "default") -> bool:
    """Count one attempt; False once more than `limit` happened in the current window.

    `using` names the cache: the shared default one counts across every web worker;
    "throttle" is each process's own memory, for limits checked on every request."""
    cache = caches[using]
    window = int(time.time() // period_seconds)
    # Keys can hold what people typed (an email): hash them to a short, safe cache key.
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    cache_key = f"rl:{scope}:{digest}:{window}"
    if cache.add(cache_key, 1, timeout=period_seconds + 1):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=period_seconds + 1)
        return True
    return count <= limit


def client_ip(request: object) -> str:
    meta = getattr(request, "META", {})
    if settings.CLOSEKNIT_BEHIND_PROXY and meta.get("HTTP_X_FORWARDED_FOR"):
        # The last address is the one our own proxy saw; earlier ones can be forged.
        return str(meta["HTTP_X_FORWARDED_FOR"].split(",")[-1].strip())
    return str(meta.get("REMOTE_ADDR", "unknown"))
