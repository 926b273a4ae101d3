"""Path converters for the web's URLs."""

from django.urls import register_converter

MAX_ID = 2**63 - 1  # the largest id a 64-bit integer column (SQLite, PostgreSQL bigint) holds


class IdConverter:
    """A database id in a path (`<id:goal_id>`): digits that fit a 64-bit column. Django's
    `<id:...>` takes any number of digits, and `/questions/99999999999999999999/` then
    reached the database as an integer it cannot hold (a 500); here it is simply not a
    page (404), before any view runs."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("too large to be an id")  # the resolver reads it as no match
        return number

    def to_url(self, value: int | str) -> str:
        return str(int(value))


def register() -> None:
    register_converter(IdConverter, "id")
