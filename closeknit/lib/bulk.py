"""Bulk reads and writes for jobs that touch thousands of rows at once (the rollover)."""

from collections.abc import Iterable, Sequence
from typing import Any, cast

from django.db import DEFAULT_DB_ALIAS, connections, models, router, transaction
from django.db.models import F, Lookup, Q


class _AnyOf(Lookup[Any]):
    """`field = ANY(array)`: what PostgreSQL makes of `IN (...)`, with the ids sent as
    one array parameter instead of one placeholder each."""

    lookup_name = "any_of"  # used directly as a filter expression, never registered
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        lhs, params = self.process_lhs(compiler, connection)
        if all(type(v) is int for v in self.rhs):
            # One string, not a list psycopg would write out element by element
            # (see _unnest_columns).
            ids = ",".join(map(str, self.rhs))
            return f"{lhs} = ANY(string_to_array(%s, ',')::bigint[])", (*params, ids)
        return f"{lhs} = ANY(%s::bigint[])", (*params, self.rhs)


def among(field: str, ids: Iterable[int]) -> Q | _AnyOf:
    """The filter `field__in=ids` for many ids (thousands: a batch of the rollover). On
    PostgreSQL the ids go as one array parameter, where a list of thousands of
    placeholders costs more to prepare and send than the query takes to run; the plans
    stay those of `IN`."""
    values = list(ids)
    if connections[DEFAULT_DB_ALIAS].vendor == "postgresql":
        return _AnyOf(F(field), values)
    return Q(**{f"{field}__in": values})


def insert_ignoring_conflicts(
    model: type[models.Model], fields: Sequence[str], rows: list[tuple[Any, ...]]
) -> int:
    """INSERT `rows` (values of `fields`, already as the database stores them: run
    `get_db_prep_save` on anything that needs it), skipping rows that break a unique
    constraint: one statement on PostgreSQL, one prepared statement run per row on
    SQLite, in one transaction. Returns how many rows were inserted.

    The bulk path where `bulk_create` costs too much: it builds no model instances and
    prepares no values, so it takes ciphertexts made once for many rows."""
    if not rows:
        return 0
    alias = router.db_for_write(model)
    connection = connections[alias]
    meta = model._meta
    columns = [cast(models.Field[Any, Any], meta.get_field(name)) for name in fields]
    quote = connection.ops.quote_name
    names = ", ".join(quote(str(f.column)) for f in columns)
    # One transaction: SQLite would otherwise commit (and sync to disk) every row.
    with transaction.atomic(using=alias, savepoint=False), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            selected, params, arrays = _unnest_columns(columns, rows, connection)
            # Names come from the model, quoted; values are parameters.
            cursor.execute(
                f"INSERT INTO {quote(meta.db_table)} ({names}) "  # noqa: S608
                f"SELECT {', '.join(selected)} "
                f"FROM UNNEST({', '.join(a for a, _n, _v in arrays)}) "
                f"AS u({', '.join(n for _a, n, _v in arrays)}) ON CONFLICT DO NOTHING",
                [*params, *(v for _a, _n, v in arrays)],
            )
            return cursor.rowcount
        marks = ", ".join(["%s"] * len(columns))
        inserted = 0
        for start in range(0, len(rows), 5000):
            cursor.executemany(
                f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES ({marks}) "  # noqa: S608
                "ON CONFLICT DO NOTHING",
                rows[start : start + 5000],
            )
            inserted += max(cursor.rowcount, 0)
        return inserted


def _unnest_columns(
    columns: list[models.Field[Any, Any]], rows: list[tuple[Any, ...]], connection: Any
) -> tuple[list[str], list[Any], list[tuple[str, str, Any]]]:
    """How each column reaches PostgreSQL's UNNEST: the SELECT list, its parameters, and
    the arrays to unnest as (placeholder, name, value).

    psycopg writes a list parameter out element by element in Python (a regular
    expression per element decides its quoting), which at 200,000 rows costs more than
    the insert itself. So a column that holds one value is sent once; a column of a few
    distinct values (a ciphertext shared by every notification of one question, a day)
    sends each of them once plus a number per row; whole numbers go as one
    comma-separated string. Only other columns pay for a list."""
    selected: list[str] = []
    params: list[Any] = []
    arrays: list[tuple[str, str, Any]] = []
    for index, (field, values) in enumerate(zip(columns, zip(*rows, strict=True), strict=True)):
        cast_to = field.db_type(connection)
        name = f"c{index}"
        distinct = _distinct(values)
        if distinct is not None and len(distinct) == 1:
            selected.append(f"%s::{cast_to}")
            params.append(values[0])
        elif distinct is not None and len(distinct) * 4 <= len(values):
            selected.append(f"(%s::{cast_to}[])[u.{name}]")
            params.append(list(distinct))
            numbers = ",".join([str(distinct[v]) for v in values])
            arrays.append(("string_to_array(%s, ',')::int[]", name, numbers))
        elif all(type(v) is int for v in values):  # not bool, not None
            selected.append(f"u.{name}")
            arrays.append(
                (f"string_to_array(%s, ',')::{cast_to}[]", name, ",".join(map(str, values)))
            )
        else:
            selected.append(f"u.{name}")
            arrays.append((f"%s::{cast_to}[]", name, list(values)))
    if not arrays:  # one row, or identical rows: UNNEST needs something to unnest
        selected[0] = "u.c0"
        params.pop(0)
        arrays.append((f"%s::{columns[0].db_type(connection)}[]", "c0", [rows[0][0]]))
    return selected, params, arrays


def _distinct(values: tuple[Any, ...]) -> dict[Any, int] | None:
    """Each distinct value and its 1-based position in order of appearance, or None
    for values that can't be told apart by hashing (JSON, say): those are sent whole."""
    found: dict[Any, int] = {}
    try:
        for value in values:
            if value not in found:
                found[value] = len(found) + 1
    except TypeError:
        return None
    return found
