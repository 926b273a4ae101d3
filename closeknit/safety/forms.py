from django import forms
from django.utils.translation import gettext_lazy as _

from closeknit.lib import countries
from closeknit.safety import resources

YES_NO = [("no", _("No")), ("yes", _("Yes"))]

# Written for Closeknit. Plain, gentle, and about the person's own experience.
QUESTIONS = {
    "afraid": _("Do you ever feel afraid of your partner, or of how they might react?"),
    "hurt": _("Has your partner ever hurt you, or threatened to?"),
    "pressured": _("Do you feel pushed into things you don't want, including anything sexual?"),
    "watched": _(
        "Does your partner check your phone, messages or whereabouts in ways that worry you?"
    ),
    "careful": _(
        "Do you feel you must be careful what you say or write in case your partner finds out?"
    ),
}


def _country_choices() -> list[tuple[str, str]]:
    named = [(code, countries.name(code)) for code in resources.countries()]
    return sorted(named, key=lambda pair: pair[1])


class SafetyCheckForm(forms.Form):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for key, text in QUESTIONS.items():
            self.fields[key] = forms.ChoiceField(
                label=text, choices=YES_NO, widget=forms.RadioSelect
            )
        self.fields["country"] = forms.ChoiceField(
            label=_("Where are you? (optional, to show help near you)"),
            required=False,
            # Names in the person's language, sorted as they read them; the codes stay
            # the values (the resources file and the record use them).
            choices=[("", _("Prefer not to say")), *_country_choices()],
        )

    def answers(self) -> dict[str, bool]:
        return {key: self.cleaned_data[key] == "yes" for key in QUESTIONS}
