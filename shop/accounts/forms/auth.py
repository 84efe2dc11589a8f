from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from shop.core.text import validate_safe_text

from ..backends import unconfirmed_registration_get
from ..models import User
from ..services.auth import email_normalize

EMAIL_MAX_LENGTH = 254
PASSWORD_HELP = _(
    "At least 8 characters, not only digits, not a common password and not close to "
    "your name or e-mail address."
)


class LoginForm(AuthenticationForm):
    """E-mail and password; a not yet confirmed account is told to confirm first."""

    username = forms.EmailField(
        label=_("E-mail address"),
        max_length=EMAIL_MAX_LENGTH,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        # One message for a wrong address and a wrong password: no enumeration.
        "invalid_login": _("The e-mail address or the password is not correct."),
        "inactive": _("This account is inactive."),
        "unconfirmed": _(
            "Please confirm your e-mail address first. We have sent you a new link."
        ),
    }

    def __init__(self, request=None, *args, **kwargs) -> None:
        super().__init__(request, *args, **kwargs)
        self.pending_user: User | None = None

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            # Known from the one password check authenticate() made: checking the
            # password again here would make this case measurably slower.
            self.pending_user = unconfirmed_registration_get(self.request)
            if self.pending_user is not None:
                raise forms.ValidationError(
                    self.error_messages["unconfirmed"], code="unconfirmed"
                ) from None
            raise


def _email_field(label: str = _("E-mail address")) -> forms.EmailField:
    return forms.EmailField(
        label=label,
        max_length=EMAIL_MAX_LENGTH,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class _NewPasswordForm(forms.Form):
    """A new password typed twice, checked against the password validators."""

    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=PASSWORD_HELP,
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def _clean_password_pair(self, *, user: User) -> None:
        password1 = self.cleaned_data.get("password1")
        password2 = self.cleaned_data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords do not match."))
            return
        if password1:
            try:
                password_validation.validate_password(password1, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)


class RegistrationForm(_NewPasswordForm):
    # Labels of required fields get this class; site.css marks them with an asterisk.
    required_css_class = "is-required"

    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        required=False,
        validators=[validate_safe_text],
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        required=False,
        validators=[validate_safe_text],
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = _email_field()
    has_marketing_opt_in = forms.BooleanField(
        label=_("Send me offers and news by e-mail (you can stop them at any time)"),
        required=False,
    )
    field_order = [
        "first_name",
        "last_name",
        "email",
        "password1",
        "password2",
        "has_marketing_opt_in",
    ]

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("email")
        if email:
            cleaned["email"] = email_normalize(email)
        candidate = User(
            email=cleaned.get("email", ""),
            first_name=cleaned.get("first_name", ""),
            last_name=cleaned.get("last_name", ""),
        )
        self._clean_password_pair(user=candidate)
        return cleaned


class RegistrationConfirmForm(forms.Form):
    password = forms.CharField(
        label=_("The password you chose when you registered"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class PasswordResetRequestForm(forms.Form):
    email = _email_field()


class PasswordSetForm(_NewPasswordForm):
    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["password1"].label = _("New password")
        self.fields["password2"].label = _("New password again")

    def clean(self):
        cleaned = super().clean()
        self._clean_password_pair(user=self.user)
        return cleaned


class PasswordChangeForm(PasswordSetForm):
    current_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["current_password", "password1", "password2"]

    def clean_current_password(self) -> str:
        password = self.cleaned_data["current_password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Your current password is not correct."))
        return password


class EmailChangeForm(forms.Form):
    new_email = _email_field(_("New e-mail address"))
    current_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("So that nobody else can change it on an unattended computer."),
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_current_password(self) -> str:
        password = self.cleaned_data["current_password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Your current password is not correct."))
        return password

    def clean_new_email(self) -> str:
        email = email_normalize(self.cleaned_data["new_email"])
        if email.lower() == self.user.email.lower():
            raise forms.ValidationError(_("This is already your e-mail address."))
        return email
