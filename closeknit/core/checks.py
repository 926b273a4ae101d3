"""Closeknit's own checks: deploy settings (`closeknit check --deploy`) and the stored
text's keys (`closeknit check`, which runs the database checks by default)."""

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import DatabaseError


@register(Tags.database)
def encrypted_text_opens(
    app_configs: Any = None, databases: Any = None, **kwargs: Any
) -> list[Any]:
    """Every encrypted row opens with a configured key (a full scan: run it after a
    restore, a key rotation, or a change of keys)."""
    if not databases or "default" not in databases:
        return []
    from closeknit.core import keys

    try:
        findings = keys.scan()
    except DatabaseError as exc:
        return [
            Error(
                f"The stored text's keys could not be checked: the database answered {exc}.",
                id="closeknit.E010",
            )
        ]
    if not findings.count:
        return []
    return [
        Error(
            keys.unreadable_message(findings),
            hint="Pages show a placeholder for this text until its key is back; see "
            "docs/deploy.md, 'Rotating the encryption keys' and 'Restoring'.",
            id="closeknit.E011",
        )
    ]


@register(deploy=True)
def closeknit_deploy_checks(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    problems: list[Any] = []
    if not settings.HTTPS:
        problems.append(
            Warning(
                "Closeknit is not marked as served over HTTPS.",
                hint="Serve it behind TLS and set CLOSEKNIT_HTTPS=true (secure cookies, HSTS).",
                id="closeknit.W001",
            )
        )
    site = settings.CLOSEKNIT_SITE_URL
    if not site:
        problems.append(
            Warning(
                "CLOSEKNIT_SITE_URL is not set.",
                hint="Emails and invitation links need the public address, e.g. "
                "https://closeknit.example.org",
                id="closeknit.W002",
            )
        )
    elif settings.HTTPS and not site.startswith("https://"):
        problems.append(
            Error(
                "CLOSEKNIT_SITE_URL does not start with https:// but CLOSEKNIT_HTTPS is on.",
                hint="Links in emails would point people to an insecure address.",
                id="closeknit.E001",
            )
        )
    if settings.DEBUG:
        problems.append(
            Error("DEBUG is on.", hint="Unset DEBUG in production.", id="closeknit.E002")
        )
    return problems
