"""The web's answer to tests/api/test_schemathesis.py: bad input to every page and form
is never a 500.

Signed in as one partner of a couple that owns one of everything (each app's
tests/matrix.py knows how to make its objects), the test
1. opens every page of the URL resolver with real ids and reads the forms on it;
2. sends bad ids in every path (past 64 bits, the largest 64-bit number; NUL and overlong
   where the path takes a word) and bad values for every query parameter the code reads;
3. posts to every POST endpoint once per class of bad value (missing fields, NUL bytes,
   huge, negative and infinite numbers, words and impossible dates where numbers or dates
   go, a field sent twice, overlong text), to every field the page's form has and the
   view's Django form or own code reads, with a bad `next` beside them; every other
   request as htmx.
Every answer must be a 2xx, 3xx or 4xx without a stack trace. All failures are gathered
and reported together, one line each, so one run shows everything left to fix. One pass
per form per class keeps it to about a thousand requests.
"""

import inspect
import re
import sys
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from importlib import import_module
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.converters import IntConverter

import closeknit
from closeknit.api.tests.test_access_matrix import WEB_ARGS
from closeknit.dates.library import IDEAS
from closeknit.lib.converters import MAX_ID, IdConverter
from closeknit.safety import services as safety

BAD: dict[str, Any] = {
    "missing": None,  # no fields at all
    "nul": "a\x00b",
    "numbers": ["99999999999999999999999999", "-99999", "1e309"],  # one per field, in turn
    "word": ["abc", "2026-02-30T25:61", "NaN"],
    "twice": [["1", "abc"]],  # a field sent twice
    "overlong": "x" * 20_000,
}
BAD_NEXT = ["abc", "99999", "//evil.example", "javascript:alert(1)", "/\\evil", "/\x00"]
# Past 64 bits for a number (the resolver itself refuses "-1" or "abc" there); NUL and
# overlong where the path takes a word.
BAD_INT_IDS = ["99999999999999999999", str(MAX_ID)]
BAD_STR_IDS = ["%00", "x" * 300]
HTMX = {"HX-Request": "true"}
BACKEND = "django.contrib.auth.backends.ModelBackend"

# Path arguments whose name differs from its app's OWNED_IDS placeholder.
ALIASES = {
    ("appreciation", "note_id"): "{appreciation_note_id}",
    ("appreciation", "entry_id"): "{noticed_id}",
    ("goals", "item_id"): "{someday_item_id}",
    ("growth", "run_id"): "{challenge_run_id}",
    ("growth", "round_id"): "{know_round_id}",
    ("growth", "entry_id"): "{learned_entry_id}",
}
# Last, in this order: they end the session or the couple the rest needs.
LAST = ["lock", "couples:leave", "accounts:delete"]
# After the others: they may remove the object the others need.
REMOVES = re.compile(r"delete|remove|revoke|withdraw|clear|cancel|archive|finish|end$|leave")


@dataclass
class Route:
    name: str
    app: str
    pattern: URLPattern
    converters: dict[str, Any]


@dataclass
class Form:
    method: str
    action: str
    fields: dict[str, str] = field(default_factory=dict)


class FormReader(HTMLParser):
    """The forms on a page: method, action and each named field with its first value."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.forms: list[Form] = []
        self._current: Form | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            method = (a.get("method") or "get").lower()
            action = a.get("action") or a.get("hx-post") or self.page
            self._current = Form(method, action)
            self.forms.append(self._current)
        elif tag in ("input", "select", "textarea", "button") and a.get("name"):
            target = self._current
            if target is None:
                return  # outside any form (none of ours use form="...")
            if tag == "input" and a.get("type") in ("checkbox", "radio"):
                if "checked" in a or a["name"] not in target.fields:
                    target.fields[a["name"]] = a.get("value", "on")
                return
            target.fields.setdefault(a["name"], a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None


def routes() -> list[Route]:
    found: list[Route] = []

    def walk(patterns: list[Any], namespace: str = "") -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                module = getattr(p.urlconf_module, "__name__", "")
                if module.startswith("closeknit.") and p.namespace != "api-1.0.0":
                    walk(p.url_patterns, p.namespace or namespace)
            elif isinstance(p, URLPattern) and p.name and p.lookup_str.startswith("closeknit."):
                name = f"{namespace}:{p.name}" if namespace else p.name
                converters = getattr(p.pattern, "converters", {})
                found.append(Route(name, namespace, p, converters))

    walk(get_resolver().url_patterns)
    return found


POST_READ = re.compile(r"""request\.POST(?:\.get|\.getlist)?[\(\[]\s*["']([a-z_]+)["']""")
FORM_MADE = re.compile(r"\b([A-Z]\w*Form)\(")


def declared_fields(route: Route) -> set[str]:
    """The fields a view reads: the fields of the Django forms it builds, and the names it
    reads from request.POST itself (in its own code or its module's helpers)."""
    view = inspect.unwrap(route.pattern.callback)
    module = sys.modules[view.__module__]
    source = inspect.getsource(view)
    names = set(POST_READ.findall(source)) or set(POST_READ.findall(inspect.getsource(module)))
    for form_name in FORM_MADE.findall(source):
        form_class = getattr(module, form_name, None)
        names |= set(getattr(form_class, "base_fields", {}))
    return names


def query_names() -> set[str]:
    """Every query parameter the code reads."""
    root = Path(closeknit.__file__).parent
    read = re.compile(r"""request\.GET(?:\.get|\.getlist)?[\(\[]\s*["']([a-z_]+)["']""")
    names: set[str] = set()
    for path in root.rglob("*.py"):
        if "tests" not in path.parts:
            names |= set(read.findall(path.read_text()))
    return names


def _matrix_ids(owner: Any, partner: Any) -> dict[tuple[str, str], str]:
    """(app, "{placeholder}") -> the id of an object the owner's couple owns."""
    ids: dict[tuple[str, str], str] = {}
    for route_app in sorted({r.app for r in routes() if r.app}):
        try:
            matrix = import_module(f"closeknit.{route_app}.tests.matrix")
        except ImportError:
            continue
        for placeholder, make in matrix.OWNED_IDS.items():
            try:
                with transaction.atomic():
                    ids[(route_app, placeholder)] = make(owner=owner, partner=partner)
            except Exception:  # noqa: S112 - an object that needs another state
                continue
    return ids


def _args(route: Route, ids: dict[tuple[str, str], str]) -> dict[str, str] | None:
    kwargs: dict[str, str] = {}
    for n, (kwarg, converter) in enumerate(route.converters.items()):
        placeholder = ALIASES.get((route.app, kwarg), f"{{{kwarg}}}")
        if (route.app, placeholder) in ids:
            kwargs[kwarg] = ids[(route.app, placeholder)]
        elif route.name in WEB_ARGS:
            kwargs[kwarg] = str(WEB_ARGS[route.name][n])
        elif _is_id(converter):
            kwargs[kwarg] = "1"
        else:
            return None
    return kwargs


def _with_bad_id(route: Route, kwargs: dict[str, str], kwarg: str, bad: str) -> str:
    marker = "424242424"
    return reverse(route.name, kwargs={**kwargs, kwarg: marker}).replace(marker, bad)


def _is_plain_int(converter: Any) -> bool:
    return isinstance(converter, IntConverter)


def _is_id(converter: Any) -> bool:
    return isinstance(converter, IdConverter | IntConverter)


def _order(route: Route) -> tuple[int, int, str]:
    if route.name in LAST:
        return (2, LAST.index(route.name), route.name)
    return (1 if REMOVES.search(route.name) else 0, 0, route.name)


class Fuzzer:
    def __init__(self, client: Client, user: Any) -> None:
        self.client = client
        self.user = user
        self.failures: list[str] = []
        self.requests = 0

    def send(self, method: str, path: str, data: Any = None, htmx: bool = False) -> Any:
        self.requests += 1
        headers = HTMX if htmx else {}
        label = f"{method.upper()} {path[:120]!r} {_short(data)}"
        try:
            with transaction.atomic():  # a failed query must not spoil the ones after it
                response = getattr(self.client, method)(path, data=data or {}, headers=headers)
        except Exception as exc:
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            where = f"{Path(frame.filename).name}:{frame.lineno}"
            self.failures.append(f"{label}: {type(exc).__name__}: {exc!s:.160} ({where})")
            return None
        body = response.content if not response.streaming else b""
        if response.status_code == 302 and response["Location"].startswith("/accounts/login/"):
            self.client.force_login(self.user, backend=BACKEND)  # e.g. locked out: back in
        if response.status_code >= 500 or b"Traceback (most recent call last)" in body:
            self.failures.append(f"{label}: {response.status_code}")
        return response


def _short(data: Any) -> str:
    if not data:
        return ""
    return "{" + ", ".join(f"{k}={str(v)[:12]!r}" for k, v in list(data.items())[:4]) + "}"


def _bodies(fields: dict[str, str]) -> Iterator[tuple[str, dict[str, Any] | None]]:
    names = [n for n in fields if n != "csrfmiddlewaretoken"]
    # Overlong, yet under DATA_UPLOAD_MAX_MEMORY_SIZE in all, so the form itself answers.
    room = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (2 * max(1, len(names)))
    for n, (cls, value) in enumerate(BAD.items()):
        if not names and n > 1:
            return  # no fields: nothing more to vary than "missing" and a bad `next`
        if value is None:
            yield cls, None
            continue
        if isinstance(value, list):
            body: dict[str, Any] = {name: value[i % len(value)] for i, name in enumerate(names)}
        elif cls == "overlong":
            body = {name: value[:room] for name in names}
        else:
            body = {name: value for name in names}
        body["next"] = BAD_NEXT[n % len(BAD_NEXT)]
        yield cls, body


@pytest.fixture
def couple_with_everything(web, library, owner, partner, couple):
    IDEAS.load()
    no = {key: False for key in safety.QUESTIONS}
    for person in (owner, partner):
        safety.check_record(user=person, answers=no)
    return _matrix_ids(owner, partner)


@dataclass
class Site:
    """What the crawl found: each route's path with real ids, and the fields of the forms
    that post (or get) to it."""

    paths: dict[str, str] = field(default_factory=dict)
    posts: set[str] = field(default_factory=set)
    forms: dict[str, dict[str, str]] = field(default_factory=dict)


def _crawl(fuzz: Fuzzer, all_routes: list[Route], ids: dict[tuple[str, str], str]) -> Site:
    """1. Every page, with real ids; the forms on each."""
    site = Site()
    for route in all_routes:
        kwargs = _args(route, ids)
        if kwargs is None:
            continue
        path = site.paths[route.name] = reverse(route.name, kwargs=kwargs)
        if route.name in LAST:
            site.posts.add(route.name)
            continue
        response = fuzz.send("get", path)
        if response is None:
            continue
        if response.status_code == 405 and "POST" in response.get("Allow", ""):
            site.posts.add(route.name)
        html = "html" in response.get("Content-Type", "") and not response.streaming
        if response.status_code != 200 or not html:
            continue
        reader = FormReader(path)
        reader.feed(response.content.decode())
        for form in reader.forms:
            target = urlsplit(form.action).path or path
            try:
                view_name = resolve(target).view_name
            except Resolver404:
                continue
            site.forms.setdefault(f"{form.method}:{view_name}", {}).update(form.fields)
            if form.method == "post":
                site.posts.add(view_name)
                site.paths.setdefault(view_name, target)
    return site


def _bad_paths_and_queries(fuzz: Fuzzer, all_routes: list[Route], site: Site, ids: Any) -> None:
    """2. Bad ids in every path; bad values for every query parameter the code reads."""
    query = query_names()
    values = [*BAD["numbers"], BAD["nul"], *BAD["word"], "x" * 3000]
    for route in all_routes:
        kwargs = _args(route, ids)
        if kwargs is None or route.name in LAST:
            continue
        method = "post" if route.name in site.posts else "get"
        for kwarg, converter in route.converters.items():
            for bad in BAD_INT_IDS if _is_id(converter) else BAD_STR_IDS:
                fuzz.send(method, _with_bad_id(route, kwargs, kwarg, bad))
        if method == "get":
            names = sorted(query | set(site.forms.get(f"get:{route.name}", {})))
            bad_query = {n: values[i % len(values)] for i, n in enumerate(names)}
            fuzz.send("get", site.paths[route.name], bad_query)


def _post_bad_forms(fuzz: Fuzzer, all_routes: list[Route], site: Site) -> None:
    """3. Every POST endpoint, once per class of bad value (every other one as htmx)."""
    for route in all_routes:
        if route.name in site.posts and route.name in site.paths:
            fields = {
                **dict.fromkeys(declared_fields(route), ""),
                **site.forms.get(f"post:{route.name}", {}),
            }
            for n, (_cls, body) in enumerate(_bodies(fields)):
                fuzz.send("post", site.paths[route.name], body, htmx=n % 2 == 1)


def test_no_page_or_form_answers_bad_input_with_a_500(web, owner, couple_with_everything):
    started = time.monotonic()
    ids = couple_with_everything
    fuzz = Fuzzer(web(owner), owner)
    all_routes = sorted(routes(), key=_order)
    site = _crawl(fuzz, all_routes, ids)
    _bad_paths_and_queries(fuzz, all_routes, site, ids)
    _post_bad_forms(fuzz, all_routes, site)  # last: a few end in leaving or deleting
    took = time.monotonic() - started
    print(
        f"{fuzz.requests} requests, {len(site.posts)} forms, {len(site.paths)} pages: {took:.0f}s"
    )
    assert not fuzz.failures, "\n" + "\n".join(fuzz.failures)


def test_every_id_in_a_path_fits_the_database():
    """`<int:...>` takes any number of digits; a path id uses `<id:...>`, which takes only
    what a 64-bit column holds (closeknit.lib.converters)."""
    plain = [
        r.name for r in routes() if any(isinstance(c, IntConverter) for c in r.converters.values())
    ]
    assert plain == [], "use <id:...> for these paths' ids"
