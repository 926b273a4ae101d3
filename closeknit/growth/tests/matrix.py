"""This app's routes in the access matrix (closeknit/api/tests/test_access_matrix.py)."""

from typing import Any

from closeknit.growth import pairs, rounds, services
from closeknit.growth.library import CHALLENGES, PAIRS
from closeknit.growth.models import Challenge, Pair


def _run_of_owner(owner: Any, **_: Any) -> str:
    if not Challenge.objects.exists():
        CHALLENGES.load()
    challenge = Challenge.objects.filter(retired=False).order_by("id").first()
    assert challenge is not None
    return str(services.challenge_start(user=owner, challenge_id=challenge.id).pk)


def _round_of_owner(owner: Any, partner: Any, **_: Any) -> str:
    from closeknit.couples.services import couple_for

    if couple_for(owner) is None:
        raise AssertionError("the matrix pairs owner and partner before making rounds")
    round_ = rounds.round_start(user=owner)
    rounds.answers_save(user=owner, round_id=round_.pk, answers={1: "a private answer"})
    return str(round_.pk)


def _pair_round_of_owner(owner: Any, **_: Any) -> str:
    if not Pair.objects.exists():
        PAIRS.load()
    round_ = pairs.pair_round_start(user=owner)
    pairs.picks_save(user=owner, round_id=round_.pk, picks={1: "a"})
    return str(round_.pk)


def _learned_of_owner(owner: Any, **_: Any) -> str:
    return str(services.learned_add(user=owner, title="a private first").pk)


PUBLIC_API: set[tuple[str, str]] = set()
OWNED_IDS = {
    "{challenge_run_id}": _run_of_owner,
    "{know_round_id}": _round_of_owner,
    "{pair_round_id}": _pair_round_of_owner,
    "{learned_entry_id}": _learned_of_owner,
}
BODIES: dict[str, dict[str, Any]] = {
    "/api/v1/growth/challenges": {"challenge_id": "challenge-001"},
    "/api/v1/growth/challenges/{challenge_run_id}/steps": {"step": 1, "done": True},
    "/api/v1/growth/challenges/{challenge_run_id}/look-back": {"text": "it was fun"},
    "/api/v1/growth/rounds/{know_round_id}/answers": {"answers": [{"position": 1, "text": "x"}]},
    "/api/v1/growth/rounds/{know_round_id}/guesses": {"guesses": [{"position": 1, "text": "x"}]},
    "/api/v1/growth/rounds/{know_round_id}/verdicts": {
        "verdicts": [{"position": 1, "verdict": "close"}]
    },
    "/api/v1/growth/pairs/{pair_round_id}/picks": {"picks": [{"position": 1, "pick": "b"}]},
    "/api/v1/growth/learned": {"title": "pottery"},
    "/api/v1/growth/learned/{learned_entry_id}": {"title": "changed"},
}
_NAMES = (
    "index",
    "challenges",
    "challenge_start",
    "run",
    "run_step",
    "run_finish",
    "run_look_back",
    "run_delete",
    "rounds",
    "round_start",
    "round",
    "round_answers",
    "round_guesses",
    "round_verdicts",
    "round_delete",
    "pairs",
    "pair_round_start",
    "pair_round",
    "pair_round_picks",
    "pair_round_delete",
    "learned",
    "learned_add",
    "learned_update",
    "learned_delete",
)
WEB_PAGES = {f"growth:{name}": 302 for name in _NAMES}
WEB_ARGS: dict[str, list[Any]] = {
    f"growth:{name}": [1]
    for name in (
        "run",
        "run_step",
        "run_finish",
        "run_look_back",
        "run_delete",
        "round",
        "round_answers",
        "round_guesses",
        "round_verdicts",
        "round_delete",
        "pair_round",
        "pair_round_picks",
        "pair_round_delete",
        "learned_update",
        "learned_delete",
    )
}
