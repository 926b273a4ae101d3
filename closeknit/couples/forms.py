from django import forms
from django.utils.translation import gettext_lazy as _


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Invitation code"),
        max_length=40,
        help_text=_("The eight characters your partner read out, e.g. ABCD-EFGH."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class LeaveForm(forms.Form):
    entries = forms.ChoiceField(
        label=_("What happens to what you wrote here?"),
        choices=[
            ("stay", _("Leave my entries in our shared history")),
            ("take", _("Take my entries with me")),
        ],
        widget=forms.RadioSelect,
    )
