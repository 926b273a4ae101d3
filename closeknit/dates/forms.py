from django import forms
from django.utils.translation import gettext_lazy as _

from closeknit.dates.services import planning

FEELINGS = [
    (1, _("1 · Not great")),
    (2, _("2 · So-so")),
    (3, _("3 · Fine")),
    (4, _("4 · Good")),
    (5, _("5 · Wonderful")),
]


class DateForm(forms.Form):
    idea = forms.CharField(required=False, widget=forms.HiddenInput, max_length=40)
    title = forms.CharField(
        label=_("What are you doing?"),
        required=False,
        max_length=planning.MAX_TITLE,
        help_text=_("Leave empty to use the idea's name."),
    )
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}))
    minutes = forms.IntegerField(
        label=_("How long (minutes)"),
        required=False,
        min_value=planning.MIN_MINUTES,
        max_value=planning.MAX_MINUTES,
        help_text=_("Leave empty for the idea's usual length, or two hours."),
    )
    place = forms.CharField(label=_("Where"), required=False, max_length=planning.MAX_PLACE)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=planning.MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("You both see the note."),
    )

    def __init__(self, *args: object, creating: bool = True, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if not creating:
            self.fields["title"].required = True
            self.fields["title"].help_text = ""


class LogForm(forms.Form):
    feeling = forms.TypedChoiceField(
        label=_("How did it feel?"), choices=FEELINGS, coerce=int, widget=forms.RadioSelect
    )
    words = forms.CharField(
        label=_("A few words (optional)"),
        required=False,
        max_length=planning.MAX_WORDS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    shared = forms.BooleanField(label=_("Share this with my partner"), required=False)
