from typing import Any

import pytest

from closeknit.intimacy.library import LIST_ITEMS


@pytest.fixture
def items(db: Any) -> None:
    """The shipped yes / maybe / no items, loaded as `closeknit content load` would."""
    LIST_ITEMS.load()
