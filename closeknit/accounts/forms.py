from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from closeknit import practices
from closeknit.accounts.models import User
from closeknit.lib import timezones


class SignupExtrasForm(forms.Form):
    """Extra fields on allauth's signup form; the time zone is filled in by the browser."""

    display_name = forms.CharField(
        label=_("What should we call you?"),
        max_length=60,
        required=False,
        help_text=_("Your partner sees this name. You can change it later."),
    )
    timezone = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)

    def clean_timezone(self) -> str:
        value = self.cleaned_data.get("timezone") or "UTC"
        return value if timezones.is_valid(value) else "UTC"

    def signup(self, request: HttpRequest, user: User) -> None:
        user.display_name = self.cleaned_data.get("display_name", "").strip()
        user.timezone = self.cleaned_data.get("timezone") or "UTC"
        user.welcome_step = "hello"  # only a new sign-up starts the welcome
        user.save(update_fields=["display_name", "timezone", "welcome_step"])


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=60,
        required=False,
        help_text=_("What your partner sees. Leave empty to use the start of your email."),
    )
    timezone = forms.ChoiceField(label=_("Time zone"), choices=timezones.choices)


PRACTICE_MODES = [
    ("focus", _("Focus on this")),
    ("normal", _("Show as usual")),
    ("hidden", _("Hide it")),
]


class PracticesForm(forms.Form):
    """One three-way choice per practice: focus, as usual, or hidden (never nags)."""

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for p in practices.PRACTICES:
            initial = (
                "focus"
                if p.key in user.focus_practices
                else "hidden"
                if p.key in user.hidden_practices
                else "normal"
            )
            self.fields[p.key] = forms.ChoiceField(
                label=str(p.name),
                help_text=str(p.purpose),
                choices=PRACTICE_MODES,
                initial=initial,
                widget=forms.RadioSelect,
            )

    def chosen(self, mode: str) -> list[str]:
        return [key for key in practices.KEYS if self.cleaned_data.get(key) == mode]


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.CharField(
        label=_("Type DELETE to confirm"),
        max_length=10,
        help_text=_("This cannot be undone."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That password is not right."))
        return password

    def clean_confirm(self) -> str:
        value = self.cleaned_data["confirm"].strip()
        if value.upper() != "DELETE":
            raise forms.ValidationError(_("Type the word DELETE to confirm."))
        return value


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"), max_length=80, help_text=_("Where you'll use it, e.g. “my script”.")
    )


class AppLockForm(forms.Form):
    minutes = forms.TypedChoiceField(
        label=_("Lock Closeknit after"),
        coerce=int,
        choices=[
            (0, _("Never (off)")),
            (1, _("1 minute idle")),
            (5, _("5 minutes idle")),
            (15, _("15 minutes idle")),
            (60, _("1 hour idle")),
        ],
    )
    pin = forms.CharField(
        label=_("PIN (4 to 8 digits)"),
        required=False,
        max_length=8,
        help_text=_("Leave empty to keep your current PIN, or to use your password."),
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class UnlockForm(forms.Form):
    secret = forms.CharField(
        label=_("Your PIN or password"),
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
