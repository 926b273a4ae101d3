from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from closeknit.nudges.events import EVENTS
from closeknit.nudges.models import Preferences
from closeknit.nudges.services import CHANNELS, MAX_CAP, channel_on


class PreferencesForm(forms.Form):
    quiet_from = forms.TimeField(
        label=_("Quiet from"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    quiet_until = forms.TimeField(
        label=_("Quiet until"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    daily_cap = forms.IntegerField(
        label=_("At most this many a day"), min_value=1, max_value=MAX_CAP
    )
    rich_text = forms.BooleanField(
        label=_("Say what it's about in emails (otherwise they only say there's something new)"),
        required=False,
    )
    email_off = forms.BooleanField(label=_("No email at all"), required=False)
    push_rich = forms.BooleanField(
        label=_(
            "Say who and what kind of thing in pushes (otherwise they only say there's "
            "something new)"
        ),
        required=False,
    )

    def __init__(self, *args: Any, prefs: Preferences, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["quiet_from"].initial = prefs.quiet_from
        self.fields["quiet_until"].initial = prefs.quiet_until
        self.fields["daily_cap"].initial = prefs.daily_cap
        self.fields["rich_text"].initial = prefs.rich_text
        self.fields["email_off"].initial = prefs.email_off
        self.fields["push_rich"].initial = prefs.push_rich
        for event in EVENTS.values():
            for channel, label in (
                ("app", _("in the app")),
                ("email", _("by email")),
                ("push", _("by push to your devices")),
            ):
                self.fields[f"{event.key}__{channel}"] = forms.BooleanField(
                    label=f"{event.title}: {label}",
                    required=False,
                    initial=channel_on(prefs, event.key, channel),
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("quiet_from") is None) != (data.get("quiet_until") is None):
            raise forms.ValidationError(_("Give quiet hours both a start and an end, or neither."))
        return data

    def channels(self) -> dict[str, dict[str, bool]]:
        return {
            key: {c: bool(self.cleaned_data.get(f"{key}__{c}")) for c in CHANNELS} for key in EVENTS
        }
