"""Every field that holds a person's words has a rule (closeknit/lib/words.py), and the
rules hold: deleting an account leaves none of that person's words in any declared field
and none of the partner's go with it, and the export hands every declared field to its
author. The rows are made generically from the declarations, so a new declared field is
tested without writing a test for it."""

import itertools
import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.db import models
from django.utils import timezone

from closeknit.accounts.models import User
from closeknit.accounts.services import account_delete, account_export
from closeknit.couples.models import Couple
from closeknit.lib import words
from closeknit.lib.words import Deletion

COUPLES_MD = Path(__file__).resolve().parents[3] / "docs" / "couples.md"

# Fields whose words are stored in a structure: the sample wraps the marker in it.
SAMPLES: dict[str, Callable[[str], str]] = {
    "intimacy.ListAnswers.data": lambda marker: json.dumps({"answers": {marker: "yes"}}),
}

# The partner's words that still go when the other person deletes their account.
# Known, not intended (rule 4): a know-me round is deleted with either of its two people.
GO_WITH_THE_OTHER = {
    "growth.KnowItem.answer": "KnowRound.guesser cascades",
    "growth.KnowItem.guess": "KnowRound.subject cascades",
}

_ids = itertools.count(1)
# The models holding declared words: every person and space they name is filled in,
# even where optional, so that a row naming the other person is tested too.
TOP = {model for model, _f, _r in words.declared()}


def test_every_text_field_holds_a_rule_or_a_reason_it_holds_no_words() -> None:
    missing = words.undeclared()
    assert not missing, (
        "These fields may hold a person's words but have no rule: declare them in the "
        "model's WORDS (or, if they hold none, in words.NOT_WORDS with why). See "
        f"docs/contributing.md, 'Adding a field that holds words': {missing}"
    )


def test_not_words_names_only_fields_that_exist() -> None:
    for name in words.NOT_WORDS:
        app_label, model_name, field = name.split(".")
        model = django_apps.get_model(app_label, model_name)
        model._meta.get_field(field)  # raises on a stale entry


def _path(model: type[models.Model], owner: str) -> list[Any]:
    fields = []
    for step in owner.split("__"):
        field = model._meta.get_field(step)
        fields.append(field)
        model = field.related_model  # type: ignore[assignment]
    return fields


@pytest.mark.parametrize(
    ("model", "field", "rule"),
    list(words.declared()),
    ids=[words.name_of(m, f) for m, f, _r in words.declared()],
)
def test_each_rule_fits_its_model(model: Any, field: str, rule: words.Words) -> None:
    assert model._meta.get_field(field)
    app, _key = rule.export.split(".")
    assert app in {c.label for c in django_apps.get_app_configs()}
    if rule.owner == "pk":
        assert model is User
        return
    steps = _path(model, rule.owner)
    assert steps[-1].related_model is User, f"{rule.owner} does not name a person"
    behaviours = [s.remote_field.on_delete for s in steps]
    if rule.deletion == Deletion.DELETED:
        # Every step cascades, so the row really goes with the person.
        assert all(b is models.CASCADE for b in behaviours), behaviours
    else:
        # The row outlives the person, so erase() must reach it.
        assert behaviours[-1] is models.SET_NULL, behaviours


def test_the_docs_table_is_the_registry() -> None:
    text = COUPLES_MD.read_text()
    assert words.table() in text, (
        "docs/couples.md's table of words is out of step with the declarations; paste "
        "this in its place:\n\n" + words.table()
    )


# Rows made from the declarations ---------------------------------------------------


def _value(field: models.Field[Any, Any]) -> Any:
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    if isinstance(field, models.DateField):
        return date.today() - timedelta(days=next(_ids))  # apart, for one-a-day rules
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, (models.IntegerField, models.DecimalField, models.FloatField)):
        return 1
    if isinstance(field, models.JSONField):
        return {}
    return f"x{next(_ids)}"


def _fill(model: Any, given: dict[str, Any], *, person: User, couple: Couple, writer: User) -> Any:
    """A row of `model` with `given`, every other person it names `person`, the space
    `couple`, and anything else required made up. Rows it hangs under (the note of a
    reply) are the writer's own: words under someone else's go with them, by design."""
    values = dict(given)
    for field in model._meta.concrete_fields:
        if field.name in values or field.auto_created:
            continue
        if field.is_relation:
            target = field.related_model
            if field.null and model not in TOP and target is not Couple:
                continue  # rows it hangs under: in the space, and only what they need
            if target is User:
                values[field.name] = person
            elif target is Couple:
                values[field.name] = couple
            elif not field.null:
                values[field.name] = _parent(target, couple=couple, writer=writer)
            continue
        if field.primary_key:
            values[field.name] = f"id{next(_ids)}"
        elif not (field.has_default() or field.null or getattr(field, "auto_now_add", False)):
            values[field.name] = _value(field)
    return model.objects.create(**values)


_shared_parents: dict[Any, Any] = {}


def _parent(model: Any, *, couple: Couple, writer: User) -> Any:
    """A row to hang under. One naming nobody (a session, a guide) serves both writers,
    as in life; one naming a person is the writer's own."""
    if model in _shared_parents:
        return _shared_parents[model]
    row = _fill(model, {}, person=writer, couple=couple, writer=writer)
    names_someone = any(
        f.is_relation and f.related_model is User and getattr(row, f.attname) is not None
        for f in model._meta.concrete_fields
    )
    if not names_someone:
        _shared_parents[model] = row
    return row


def marker(person: User, model: Any, field: str) -> str:
    return f"words-of-{person.pk}-{words.name_of(model, field)}"


def write_everywhere(*, writer: User, other: User, couple: Couple) -> None:
    """`writer` writes in every declared field: one row per model and owner, the owner
    path leading to `writer`, any other person the row names being `other`."""
    by_owner: dict[tuple[Any, str], list[str]] = {}
    for model, field, rule in words.declared():
        by_owner.setdefault((model, rule.owner), []).append(field)
    for (model, owner), fields in by_owner.items():
        texts = {
            f: SAMPLES.get(words.name_of(model, f), str)(marker(writer, model, f)) for f in fields
        }
        if owner == "pk":
            User.objects.filter(pk=writer.pk).update(**texts)
            continue
        first, *rest = owner.split("__")
        if rest:
            parent = model._meta.get_field(first).related_model
            row = _fill(parent, {rest[0]: writer}, person=other, couple=couple, writer=writer)
            given = {first: row}
        else:
            given = {first: writer}
        _fill(model, {**given, **texts}, person=other, couple=couple, writer=writer)


def all_declared_text() -> str:
    """Every declared field of every row, decrypted, as one string."""
    out = []
    for model, field, _rule in words.declared():
        out.extend(str(v) for v in model.objects.values_list(field, flat=True))
    return "\n".join(out)


@pytest.fixture
def both_wrote_everywhere(owner: User, partner: User, couple: Couple) -> Couple:
    _shared_parents.clear()
    write_everywhere(writer=owner, other=partner, couple=couple)
    write_everywhere(writer=partner, other=owner, couple=couple)
    return couple


def test_deleting_an_account_leaves_none_of_its_words_and_all_of_the_partners(
    owner: User, partner: User, both_wrote_everywhere: Couple
) -> None:
    theirs = {words.name_of(m, f): marker(owner, m, f) for m, f, _r in words.declared()}
    account_delete(user=owner)
    left = all_declared_text()
    gone = [name for name, text in theirs.items() if text in left]
    assert not gone, f"Still in the database after the account was deleted: {gone}"
    kept = [
        words.name_of(m, f)
        for m, f, r in words.declared()
        if marker(partner, m, f) not in left
        and r.leaving != words.Leaving.ENDS  # a draft ends with the space, for both
        and words.name_of(m, f) not in GO_WITH_THE_OTHER
    ]
    assert not kept, f"The partner's own words went with the other account: {kept}"


def test_the_export_holds_every_declared_field_under_its_key(
    owner: User, partner: User, both_wrote_everywhere: Couple
) -> None:
    owner.refresh_from_db()
    export = account_export(user=owner)
    missing = []
    for model, field, rule in words.declared():
        app, key = rule.export.split(".")
        part = json.dumps(export[app][key] if isinstance(export[app], dict) else export[app])
        if marker(owner, model, field) not in part:
            missing.append(words.name_of(model, field))
    assert not missing, f"Not in their author's export under the declared key: {missing}"
