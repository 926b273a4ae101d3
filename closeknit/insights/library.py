"""The weekly plan's library: concrete things to try, per practice, in content/plan/."""

from closeknit import practices
from closeknit.insights.models import PlanIdea
from closeknit.lib.library import Collection, Field

# Plain paths into the product; the toolkits behind them are built alongside this one.
LINKS = (
    "/today/",
    "/checkin/",
    "/communication/",
    "/quality-time/",
    "/appreciation/",
    "/support/",
    "/goals/",
    "/intimacy/",
    "/growth/",
    "/trust/",
)
MIN_PER_PRACTICE = 6

PLAN = Collection(
    name="plan ideas",
    table="idea",
    folder="plan",
    model=PlanIdea,
    file_fields=(Field("practice", choices=practices.KEYS),),
    fields=(
        Field("text", min=20, max=200),
        Field("why", min=20, max=160),
        Field("link", choices=LINKS),
    ),
    text_fields=("text", "why"),
    minimum=MIN_PER_PRACTICE * len(practices.KEYS),
)

COLLECTIONS = [PLAN]
