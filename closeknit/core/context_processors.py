from typing import Any

from django.conf import settings
from django.http import HttpRequest


def closeknit(request: HttpRequest) -> dict[str, Any]:
    return {"app_name": "Closeknit", "quick_exit_url": settings.CLOSEKNIT_QUICK_EXIT_URL}
