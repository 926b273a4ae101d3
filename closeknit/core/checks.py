"""Closeknit's own deploy checks, run by `closeknit check --deploy` with Django's."""

from typing import Any

from django.conf import settings
from django.core.checks import Error, Warning, register


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
