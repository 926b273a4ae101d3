from typing import Any

import pytest

from closeknit.appreciation.library import KINDNESS


@pytest.fixture
def kindness(db: Any) -> None:
    """The shipped kindness-idea library, loaded as `closeknit content load` would."""
    KINDNESS.load()
