from django import forms
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from closeknit.occasions.models import OccasionKind
from closeknit.occasions.services import NAME_MAX


class OccasionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What kind of day?"), choices=OccasionKind.choices, widget=forms.RadioSelect
    )
    name = forms.CharField(
        label=_("Its name, in your words"),
        max_length=NAME_MAX,
        help_text=_("For example: the day we met, the first call that lasted all night."),
    )
    month = forms.TypedChoiceField(
        label=_("Month"), coerce=int, choices=[(n, name) for n, name in MONTHS.items()]
    )
    day = forms.IntegerField(label=_("Day"), min_value=1, max_value=31)
    birthday_of = forms.ChoiceField(
        label=_("For a birthday: whose?"),
        required=False,
        choices=[("", _("Not saying")), ("me", _("Mine")), ("partner", _("My partner's"))],
    )
