from typing import Any

import pytest

from closeknit.safety.models import SafetyCheck


@pytest.fixture
def checked(owner: Any, partner: Any, couple: Any) -> None:
    """Both partners took the private safety check and it raised no concern."""
    for person in (owner, partner):
        SafetyCheck.objects.create(user=person, concern=False)
