from typing import Any

from django.http import HttpRequest
from django.utils import translation
from ninja import NinjaAPI, Schema
from ninja.openapi.schema import OpenAPISchema

from closeknit import practices
from closeknit.accounts.api import auth_router, me_router
from closeknit.api.base import (
    ErrorOut,
    RequestThrottle,
    bearer_auth,
    install_error_handlers,
    session_auth,
)
from closeknit.appreciation.api import router as appreciation_router
from closeknit.checkins.api import router as checkins_router
from closeknit.conversations.api import router as conversations_router
from closeknit.couples.api import couple_router, invitations_router
from closeknit.dates.api import router as dates_router
from closeknit.goals.api import router as goals_router
from closeknit.growth.api import router as growth_router
from closeknit.insights.api import router as insights_router
from closeknit.intimacy.api import router as intimacy_router
from closeknit.nudges.api import router as nudges_router
from closeknit.nudges.api import waiting_router
from closeknit.nudges.wayback_api import router as way_back_router
from closeknit.occasions.api import router as occasions_router
from closeknit.prompts.api import router as questions_router
from closeknit.prompts.pack_api import router as packs_router
from closeknit.push.api import router as push_router
from closeknit.safety.api import router as safety_router
from closeknit.support.api import router as support_router
from closeknit.trust.api import router as trust_router


class CloseknitAPI(NinjaAPI):
    """The schema describes code, not data: built once per process and language (it took
    5 seconds a request for 360 KB, which kept the docs page's spinner turning)."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        key = (path_prefix, translation.get_language())
        kept: dict[tuple[str, str | None], OpenAPISchema] = self.__dict__.setdefault("_schemas", {})
        if key not in kept:
            kept[key] = super().get_openapi_schema(path_prefix=path_prefix)
        return kept[key]


api = CloseknitAPI(
    title="Closeknit API",
    version="1",
    description=(
        "Everything the Closeknit web app can do, as JSON. Browser sessions use the session "
        "cookie with the CSRF header; other clients send `Authorization: Bearer <token>` "
        'from `POST /api/v1/auth/token`. Every error is `{"error": {"code", "message"}}`.'
    ),
    urls_namespace="api",
    auth=[bearer_auth, session_auth],
    throttle=[RequestThrottle()],
)
install_error_handlers(api)


class PracticeOut(Schema):
    key: str
    name: str
    purpose: str
    research_note: str


@api.get(
    "/practices", response={200: list[PracticeOut], 429: ErrorOut}, auth=None, tags=["practices"]
)
def list_practices(request: HttpRequest) -> list[dict[str, str]]:
    """The eight practices, in their canonical order."""
    return [
        {
            "key": p.key,
            "name": str(p.name),
            "purpose": str(p.purpose),
            "research_note": str(p.research_note),
        }
        for p in practices.PRACTICES
    ]


api.add_router("/auth", auth_router)
api.add_router("/me", me_router)
api.add_router("/couple", couple_router)
api.add_router("/invitations", invitations_router)
api.add_router("/questions", questions_router)
api.add_router("/packs", packs_router)
api.add_router("/occasions", occasions_router)
api.add_router("/communication", conversations_router)
api.add_router("/quality-time", dates_router)
api.add_router("/appreciation", appreciation_router)
api.add_router("/support", support_router)
api.add_router("/goals", goals_router)
api.add_router("/intimacy", intimacy_router)
api.add_router("/growth", growth_router)
api.add_router("/trust", trust_router)
api.add_router("/checkin", checkins_router)
api.add_router("/insights", insights_router)
api.add_router("/waiting", waiting_router)
api.add_router("/way-back", way_back_router)
api.add_router("/safety", safety_router)
api.add_router("/notifications", nudges_router)
api.add_router("/push", push_router)
