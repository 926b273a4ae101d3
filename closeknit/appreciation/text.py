"""Closeknit's own wording for writing notes, shared by the web pages and the API."""

from django.utils.translation import gettext_lazy as _

# Helps name what the kind act showed about the person rather than only the favour.
STARTER = _("You were so {quality} when ")
STARTER_WITHOUT_QUALITY = _("I noticed how you ")
