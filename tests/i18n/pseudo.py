"""Pseudo-translation: turn a catalogue into one where every message is visibly translated.

Each letter becomes an accented look-alike and each message is wrapped in ⟦…⟧, while
placeholders (%(name)s, %s, {name}), HTML tags and entities stay exactly as they are, so a
page rendered in the pseudo locale shows at a glance which text went through gettext.
"""

import re
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path

import polib

PSEUDO_LANGUAGE = "xx"

_PLAIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ACCENTED = "áƀçðéƒĝĥîĵķļɱñöþʠŕšţûṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ"
_TABLE = str.maketrans(_PLAIN, _ACCENTED)
PSEUDO_CHARS = frozenset(_ACCENTED) | {"⟦", "⟧"}

# Left untouched inside a message: printf and brace placeholders, tags, entities.
_KEEP = re.compile(
    r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc]"
    r"|%[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc%]"
    r"|\{[A-Za-z_][A-Za-z0-9_.]*(?:![rsa])?(?::[^{}]*)?\}|\{\}"
    r"|<[^<>]+>"
    r"|&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);"
)


def pseudo(text: str) -> str:
    if not text:
        return text
    out: list[str] = []
    last = 0
    for match in _KEEP.finditer(text):
        out.append(text[last : match.start()].translate(_TABLE))
        out.append(match.group(0))
        last = match.end()
    out.append(text[last:].translate(_TABLE))
    return "⟦" + "".join(out) + "⟧"


def build_pseudo_catalogue(sources: Iterable[Path], locale_dir: Path) -> int:
    """Write LOCALE_DIR/xx/LC_MESSAGES/django.mo translating every msgid in SOURCES."""
    catalogue = polib.POFile()
    catalogue.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Language": PSEUDO_LANGUAGE,
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    seen: set[tuple[str | None, str]] = set()
    for source in sources:
        for entry in polib.pofile(str(source)):
            key = (entry.msgctxt, entry.msgid)
            if entry.obsolete or not entry.msgid or key in seen:
                continue
            seen.add(key)
            new = polib.POEntry(msgid=entry.msgid, msgctxt=entry.msgctxt)
            if entry.msgid_plural:
                new.msgid_plural = entry.msgid_plural
                new.msgstr_plural = {0: pseudo(entry.msgid), 1: pseudo(entry.msgid_plural)}
            else:
                new.msgstr = pseudo(entry.msgid)
            catalogue.append(new)
    target = locale_dir / PSEUDO_LANGUAGE / "LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    catalogue.save_as_mofile(str(target / "django.mo"))
    return len(catalogue)


class VisibleText(HTMLParser):
    """Text a person sees or hears: text nodes outside script/style/template, plus the
    attributes a browser shows or reads aloud."""

    SKIP = frozenset({"script", "style", "template", "noscript"})
    SHOWN_ATTRIBUTES = frozenset({"title", "alt", "placeholder", "aria-label"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[tuple[str, str]] = []  # (where, text)
        self._stack: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self._skipping += 1
        if tag not in {"meta", "link", "input", "img", "br", "hr", "source", "col", "area"}:
            self._stack.append(tag)
        values = dict(attrs)
        for name in self.SHOWN_ATTRIBUTES:
            if values.get(name):
                self.texts.append((f"<{tag} {name}>", values[name] or ""))
        if tag == "input" and values.get("type") in {"submit", "button"} and values.get("value"):
            self.texts.append((f"<{tag} value>", values["value"] or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self._skipping:
            self._skipping -= 1
        if tag in self._stack:
            while self._stack and self._stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        text = " ".join(data.split())
        if text:
            where = self._stack[-1] if self._stack else "document"
            self.texts.append((f"<{where}>", text))


def visible_texts(html: str) -> list[tuple[str, str]]:
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return parser.texts


# Plain text plus the typographic punctuation that English strings use.
_PUNCTUATION = "\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00b7\u2022"
_ASCII_RUN = re.compile(f"[\\x00-\\x7f{_PUNCTUATION}]+")
_LETTER = re.compile(r"[A-Za-z]")


def untranslated_runs(text: str) -> list[str]:
    """The stretches of plain ASCII text in TEXT that contain letters: in the pseudo
    locale, these did not come from the catalogue."""
    runs = []
    for match in _ASCII_RUN.finditer(text):
        run = match.group(0).strip(f" \t\n.,:;!?()[]\"'-/|{_PUNCTUATION}")
        if _LETTER.search(run):
            runs.append(run)
    return runs
