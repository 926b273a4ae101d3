"""The readable HTML version of "export all my data": the same content as the JSON file,
laid out for a person to read or print."""

from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


def _label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def render(value: Any, *, depth: int = 2) -> SafeString:
    """Any JSON-like value as escaped HTML: dicts as headed sections or definition
    lists, lists of dicts as tables, everything else as text."""
    if isinstance(value, dict):
        simple = {k: v for k, v in value.items() if not isinstance(v, dict | list)}
        nested = {k: v for k, v in value.items() if isinstance(v, dict | list)}
        parts = []
        if simple:
            rows = format_html_join(
                "", "<dt>{}</dt><dd>{}</dd>", ((_label(k), _text(v)) for k, v in simple.items())
            )
            parts.append(format_html("<dl>{}</dl>", rows))
        level = min(depth, 6)
        for key, inner in nested.items():
            parts.append(
                format_html(
                    "<section><h{}>{}</h{}>{}</section>",
                    level,
                    _label(key),
                    level,
                    render(inner, depth=depth + 1),
                )
            )
        return mark_safe("".join(parts))  # noqa: S308 - every part was escaped above
    if isinstance(value, list):
        if not value:
            return format_html("<p>{}</p>", "Nothing here.")
        if all(isinstance(item, dict) for item in value):
            columns = list(dict.fromkeys(k for item in value for k in item))
            head = format_html_join("", '<th scope="col">{}</th>', ((_label(c),) for c in columns))
            body = format_html_join(
                "",
                "<tr>{}</tr>",
                (
                    (format_html_join("", "<td>{}</td>", ((_text(item.get(c)),) for c in columns)),)
                    for item in value
                ),
            )
            return format_html(
                "<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>", head, body
            )
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((_text(v),) for v in value))
        )
    return format_html("<p>{}</p>", _text(value))


def _text(value: Any) -> str:  # a SafeString for nested values
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict | list):
        return render(value)
    return str(value)
