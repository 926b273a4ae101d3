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
            # One array per column that varies, one value for a column that doesn't.
            by_column = [list(values) for values in zip(*rows, strict=True)]
            selected, arrays, scalars, lists = [], [], [], []
            for index, (field, values) in enumerate(zip(columns, by_column, strict=True)):
                cast_to = field.db_type(connection)
                if _all_equal(values):
                    selected.append(f"%s::{cast_to}")
                    scalars.append(values[0])
                else:
                    selected.append(f"u.c{index}")
                    arrays.append((f"%s::{cast_to}[]", f"c{index}"))
                    lists.append(values)
            if not arrays:  # one row, or identical rows: UNNEST needs something to unnest
                selected[0] = "u.c0"
                arrays.append((f"%s::{columns[0].db_type(connection)}[]", "c0"))
                lists.append(by_column[0])
                scalars.pop(0)
            # Names come from the model, quoted; values are parameters.
            cursor.execute(
                f"INSERT INTO {quote(meta.db_table)} ({names}) "  # noqa: S608
                f"SELECT {', '.join(selected)} "
                f"FROM UNNEST({', '.join(a for a, _n in arrays)}) "
                f"AS u({', '.join(n for _a, n in arrays)}) ON CONFLICT DO NOTHING",
                [*scalars, *lists],
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


def _all_equal(values: list[Any]) -> bool:
    try:
        return len(set(values)) == 1
    except TypeError:  # unhashable (say, JSON): send them all
        return False
