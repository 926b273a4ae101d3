"""Every model field that holds a person's words, declared once with its rules.

A model lists its text-holding fields in a `WORDS` class attribute:

    WORDS = words.declare(
        label=Words(owner="started_by", leaving=SHARED, export="conversations.guides",
                    deletion=ERASED),
    )

- `owner`: the lookup, from the model, to the person who wrote the words ("user",
  "round__subject"; "pk" on the person's own row);
- `leaving`: which of the rules of docs/couples.md applies when a space ends;
- `deletion`: how the words leave with an account that is deleted;
- `export`: "<app label>.<key>" of the export that hands them to their author.

`undeclared()` walks every model of every Closeknit app and names each text field
(encrypted, TextField, CharField, JSONField) that has no rule and is not in `NOT_WORDS`:
closeknit/core/tests/test_words.py fails on any, so a new feature can't forget one.
`erase()` blanks the ERASED fields for an account being deleted (accounts.services), and
`table()` is the table of docs/couples.md, which the same test keeps in step.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.apps import apps
from django.db import models


class Leaving(StrEnum):
    # Never shown to the partner; each person keeps their own (rules 2 and 4).
    PRIVATE = "private"
    # Shown to the partner once shared; stays in their view of the ended space unless the
    # leaver takes their entries (rule 3); the leaver no longer sees the partner's (rule 5).
    SHARED = "shared-stays-unless-taken"
    # Shown only to a current partner: once the space ends neither sees the other's.
    CURRENT = "current-space-only"
    # Belongs to the live space only (a draft): gone for both when the space ends.
    ENDS = "ends-with-the-space"
    # About the person, not a space (their name, their tokens): leaving doesn't touch it.
    ACCOUNT = "account"


class Deletion(StrEnum):
    # The row goes with the person: every step from the model to the owner cascades.
    DELETED = "deleted"
    # The row stays for the partner's part of it; `erase()` blanks these words first.
    ERASED = "erased"


@dataclass(frozen=True)
class Words:
    owner: str
    leaving: Leaving
    export: str
    deletion: Deletion = Deletion.DELETED


def declare(**fields: Words) -> dict[str, Words]:
    return fields


# Text fields that hold no person's words, each with why. Primary keys (library ids) and
# fields with `choices` are never words and need no entry.
NOT_WORDS: dict[str, str] = {
    "accounts.User.email": "an address to sign in with, kept and exported by accounts",
    "accounts.User.timezone": "a time zone name",
    "accounts.User.password": "a hash",
    "accounts.User.lock_pin": "a hash",
    "accounts.User.welcome_step": "a step key",
    "accounts.User.focus_practices": "practice keys",
    "accounts.User.hidden_practices": "practice keys",
    "accounts.ApiToken.token_hash": "a hash",
    "accounts.ApiToken.hint": "the last characters of a token",
    "accounts.Session.session_data": "signed-in state, deleted with the person",
    "activity.ActivityRecord.kind": "an event key",
    "appreciation.KindnessIdea.text": "library content",
    "appreciation.Note.quality": "a quality key",
    "checkins.Checkin.answers": "ratings by item id",
    "checkins.CheckinDraft.answers": "ratings by item id",
    "conversations.Phrase.text": "library content",
    "couples.Couple.home_timezone": "a time zone name",
    "couples.Invitation.token_hash": "a hash",
    "couples.Invitation.code_hash": "a hash",
    "dates.Idea.title": "library content",
    "dates.Idea.text": "library content",
    "dates.FeedToken.token_hash": "a hash",
    "dates.FeedToken.token": "a secret for a calendar feed, deleted with the person",
    "goals.DreamPrompt.text": "library content",
    "goals.DreamPrompt.follow_up": "library content",
    "growth.Pair.a": "library content (content/this-or-that)",
    "growth.Pair.b": "library content (content/this-or-that)",
    "growth.Challenge.title": "library content",
    "growth.Challenge.text": "library content",
    "growth.Challenge.steps": "library content",
    "growth.ChallengeRun.step_labels": "the library's steps, copied when a run starts",
    "growth.KnowItem.question": "a question id",
    "insights.PlanIdea.text": "library content",
    "insights.PlanIdea.why": "library content",
    "insights.PlanIdea.link": "a page name",
    "insights.WeeklyPlan.picks": "library ids and reason codes",
    "intimacy.ListItem.text": "library content",
    "intimacy.AffectionPreference.kind": "a kind key",
    "nudges.Preferences.channels": "channel switches",
    "nudges.WaitingItem.kind": "an event key",
    "nudges.WaitingItem.ref": "an id",
    "nudges.WaitingItem.url": "a page address",
    "nudges.Notification.event": "an event key",
    "nudges.Notification.url": "a page address",
    "nudges.Notification.detail": "Closeknit's own words (a library question, a status)",
    "nudges.Notification.dedupe_key": "an event key",
    "nudges.EmailDelivery.skipped": "a reason code",
    "nudges.PeriodicRun.name": "a job name",
    "prompts.Pack.title": "library content (a pack's pack.toml)",
    "prompts.Pack.description": "library content (a pack's pack.toml)",
    "prompts.PackChoice.pack": "a pack key",
    "prompts.Prompt.text": "library content",
    "prompts.Prompt.choices": "library content",
    "prompts.Prompt.scale": "library content",
    "prompts.Prompt.pack": "a pack key",
    "push.PushSubscription.endpoint": "a push service address",
    "push.PushSubscription.p256dh": "a key",
    "push.PushSubscription.auth": "a key",
    "push.PushSubscription.label": "a device name made from the browser's user agent",
    "safety.SafetyCheck.country": "a country code",
    "support.SupportPreference.ways": "keys of ways to be supported",
}

TEXT_FIELDS = (models.TextField, models.CharField, models.JSONField)


def _closeknit_models() -> Iterator[type[models.Model]]:
    for config in apps.get_app_configs():
        if config.name.startswith("closeknit."):
            # Models a test module defines for itself (no table, no migration) join the
            # registry once that module is imported; they hold no one's words.
            yield from (m for m in config.get_models() if ".tests." not in m.__module__)


def name_of(model: type[models.Model], field: str) -> str:
    return f"{model._meta.app_label}.{model.__name__}.{field}"


def declared() -> Iterator[tuple[type[models.Model], str, Words]]:
    for model in _closeknit_models():
        for field, rule in getattr(model, "WORDS", {}).items():
            yield model, field, rule


def undeclared() -> list[str]:
    """Text fields of Closeknit's models with neither a rule nor a reason."""
    missing = []
    for model in _closeknit_models():
        rules = getattr(model, "WORDS", {})
        for field in model._meta.concrete_fields:
            if not isinstance(field, TEXT_FIELDS) or field.primary_key or field.choices:
                continue
            name = name_of(model, field.name)
            if field.name not in rules and name not in NOT_WORDS:
                missing.append(name)
    return missing


def owner_filter(rule: Words, user: Any) -> dict[str, Any]:
    return {rule.owner: user.pk} if rule.owner == "pk" else {rule.owner: user}


def erase(*, user: Any) -> None:
    """Blank the words of `user` that outlive them in a row kept for someone else."""
    for model, field, rule in declared():
        if rule.deletion == Deletion.ERASED:
            model._default_manager.filter(**owner_filter(rule, user)).update(**{field: ""})


def table() -> str:
    """The registry as the Markdown table of docs/couples.md."""
    lines = [
        "| field | written by | when a space ends | when the account is deleted | export |",
        "|---|---|---|---|---|",
    ]
    for model, field, rule in sorted(declared(), key=lambda d: name_of(d[0], d[1])):
        lines.append(
            f"| `{name_of(model, field)}` | `{rule.owner}` | {rule.leaving} | {rule.deletion} "
            f"| `{rule.export}` |"
        )
    return "\n".join(lines)
