"""Reading configuration from the environment, loudly.

Every setting Closeknit reads comes through these helpers so that a typo or a bad value
stops the process at start with a message naming the variable, instead of surfacing later.
"""

import os
import secrets
from collections.abc import Callable
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, *, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a yes/no value; use one of: true, false, 1, 0, yes, no."
    )


def env_int(
    name: str, *, default: int, minimum: int | None = None, maximum: int | None = None
) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={value} is too small; the least allowed is {minimum}.")
    if maximum is not None and value > maximum:
        raise ImproperlyConfigured(f"{name}={value} is too large; the most allowed is {maximum}.")
    return value


def env_list(name: str, *, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def data_dir() -> Path:
    """The directory for everything Closeknit writes: database, keys, mail, static files."""
    path = Path(env_str("CLOSEKNIT_DATA_DIR") or Path.cwd() / "var").resolve()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ImproperlyConfigured(
            f"CLOSEKNIT_DATA_DIR={str(path)!r} cannot be created: {exc.strerror}."
        ) from None
    if not os.access(path, os.W_OK | os.X_OK):
        # SQLite, the keys, mail and static files are all written here: say so at start
        # rather than with a traceback from whichever write comes first.
        raise ImproperlyConfigured(
            f"CLOSEKNIT_DATA_DIR={str(path)!r} is not writable by this user; Closeknit keeps "
            "its database, keys and files there. Fix its permissions or point "
            "CLOSEKNIT_DATA_DIR at a writable directory."
        )
    return path


def secret_from_file(path: Path, *, make: Callable[[], str]) -> str:
    """Read a generated secret, creating it (readable by the owner only) on first run."""
    try:
        if not path.exists():
            value = make()
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(value + "\n")
            return value
        return path.read_text().strip()
    except OSError as exc:
        raise ImproperlyConfigured(f"{path} cannot be read or written: {exc.strerror}.") from None


def make_secret_key() -> str:
    return secrets.token_urlsafe(50)
