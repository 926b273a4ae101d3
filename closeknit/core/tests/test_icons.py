"""Icons come from the installed lucide-static package: every name we use exists, an
unknown one fails loudly, and the markup is decoration sized by CSS."""

import pytest
from django.template import Context, Template

from closeknit import practices
from closeknit.core.templatetags.icons import ICONS_DIR, IconNotFound, icon, icon_parts


def render(source: str) -> str:
    return Template("{% load icons %}" + source).render(Context({}))


def test_it_finds_the_installed_icon_set():
    assert ICONS_DIR.is_dir(), "node_modules/lucide-static is missing: run `make setup`"


@pytest.mark.parametrize("practice", practices.PRACTICES, ids=lambda p: p.key)
def test_every_practice_icon_exists_in_the_installed_set(practice):
    assert (ICONS_DIR / f"{practice.icon}.svg").is_file(), practice.icon
    kept, drawing = icon_parts(practice.icon)
    assert 'viewBox="0 0 24 24"' in kept
    assert drawing.startswith("<") and "\n" not in drawing


def test_it_inlines_a_decorative_svg_in_current_color():
    svg = render('{% icon "heart" %}')
    assert svg.startswith('<svg class="icon icon-heart" aria-hidden="true" focusable="false"')
    assert 'stroke="currentColor"' in svg and 'width="24" height="24"' in svg
    assert "lucide" not in svg and "<!--" not in svg
    assert svg.endswith("</svg>")


def test_it_adds_a_class_and_draws_practice_icons():
    svg = render('{% practice_icon "trust" "big" %}')
    assert svg.startswith('<svg class="icon icon-shield big"')


def test_it_reads_each_icon_once():
    icon_parts.cache_clear()
    icon("sun")
    icon("sun")
    assert icon_parts.cache_info().misses == 1


@pytest.mark.parametrize("name", ["no-such-icon", "../package", "Heart", ""])
def test_an_unknown_icon_fails_loudly(name):
    with pytest.raises(IconNotFound):
        render(f'{{% icon "{name}" %}}')


def test_an_unknown_icon_draws_nothing_in_production(settings, caplog):
    settings.DEBUG = settings.TESTING = False
    assert icon("no-such-icon-here") == ""
    assert "no-such-icon-here" in caplog.text


def test_home_and_practice_pages_draw_their_icons(web, owner):
    client = web(owner)
    home = client.get("/").content.decode()
    for p in practices.PRACTICES:
        assert f"icon-{p.icon}" in home
    assert 'class="icon icon-house-heart"' in home  # the main navigation
    trust = client.get("/trust/").content.decode()
    assert '<h1><svg class="icon icon-shield"' in trust
