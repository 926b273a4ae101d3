from typing import Any

from django.http import HttpRequest


def closeknit(request: HttpRequest) -> dict[str, Any]:
    return {"app_name": "Closeknit"}
