from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from closeknit.dates.library import IDEAS
from closeknit.dates.models import PlannedDate
from closeknit.dates.services import planning


@pytest.fixture
def ideas(db: Any) -> None:
    """The shipped date idea library, loaded as `closeknit content load` would."""
    IDEAS.load()


def soon(days: int = 2, hours: int = 0) -> datetime:
    return (timezone.now() + timedelta(days=days, hours=hours)).replace(second=0, microsecond=0)


def plan(user: Any, title: str = "Picnic", **kwargs: Any) -> PlannedDate:
    kwargs.setdefault("starts_at", soon())
    return planning.date_plan(user=user, data=planning.DateInput(title=title, **kwargs))


def move_to_past(planned: PlannedDate, *, days: int = 1) -> PlannedDate:
    PlannedDate.objects.filter(pk=planned.pk).update(
        starts_at=timezone.now() - timedelta(days=days)
    )
    planned.refresh_from_db()
    return planned
