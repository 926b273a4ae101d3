"""`{% practice_name "trust" %}` and `{% get_practice "trust" as practice %}`: a practice's
words from closeknit/practices.py, so every page names it the same way."""

from django import template

from closeknit import practices

register = template.Library()


@register.simple_tag
def practice_name(key: str) -> str:
    return str(practices.get(key).name)


@register.simple_tag
def get_practice(key: str) -> practices.Practice:
    return practices.get(key)
