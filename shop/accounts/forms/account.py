from __future__ import annotations

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from shop.core.address import PostalAddress
from shop.core.countries import COUNTRY_CHOICES, postal_code_error
from shop.core.text import validate_safe_text

from ..models import Address, Profile, User, phone_validator


class TelInput(forms.TextInput):
    input_type = "tel"


def _text(model: type, name: str, *, autocomplete: str) -> forms.CharField:
    """A text field with the model field's label, length and requiredness."""
    model_field = model._meta.get_field(name)
    return forms.CharField(
        label=capfirst(model_field.verbose_name),
        max_length=model_field.max_length,
        required=not model_field.blank,
        validators=[validate_safe_text],
        widget=forms.TextInput(attrs={"autocomplete": autocomplete}),
    )


def _phone(model: type) -> forms.CharField:
    model_field = model._meta.get_field("phone")
    return forms.CharField(
        label=capfirst(model_field.verbose_name),
        max_length=model_field.max_length,
        required=False,
        validators=[phone_validator],
        widget=TelInput(attrs={"autocomplete": "tel"}),
    )


class ProfileForm(forms.Form):
    first_name = forms.CharField(
        label=_("First name"),
        max_length=User._meta.get_field("first_name").max_length,
        required=False,
        validators=[validate_safe_text],
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=User._meta.get_field("last_name").max_length,
        required=False,
        validators=[validate_safe_text],
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    phone = _phone(Profile)
    has_marketing_opt_in = forms.BooleanField(
        label=_("Send me offers and news by e-mail (you can stop them at any time)"),
        required=False,
    )

    @classmethod
    def initial_for(cls, profile: Profile) -> dict[str, object]:
        return {
            "first_name": profile.user.first_name,
            "last_name": profile.user.last_name,
            "phone": profile.phone,
            "has_marketing_opt_in": profile.has_marketing_opt_in,
        }


class AddressForm(forms.Form):
    full_name = _text(Address, "full_name", autocomplete="name")
    company = _text(Address, "company", autocomplete="organization")
    street = _text(Address, "street", autocomplete="address-line1")
    street2 = _text(Address, "street2", autocomplete="address-line2")
    postal_code = _text(Address, "postal_code", autocomplete="postal-code")
    city = _text(Address, "city", autocomplete="address-level2")
    country = forms.ChoiceField(
        label=_("Country"),
        choices=[("", _("Choose a country")), *COUNTRY_CHOICES],
        widget=forms.Select(attrs={"autocomplete": "country"}),
    )
    phone = _phone(Address)
    is_default_shipping = forms.BooleanField(
        label=_("Use as my default shipping address"), required=False
    )
    is_default_billing = forms.BooleanField(
        label=_("Use as my default billing address"), required=False
    )

    def __init__(self, *args, address: Address | None = None, **kwargs) -> None:
        if address is not None:
            kwargs.setdefault(
                "initial", {name: getattr(address, name) for name in self.base_fields}
            )
        super().__init__(*args, **kwargs)
        # A default moves by making another address the default, never by
        # un-ticking it: a buyer with addresses always has one of each kind.
        for name in ("is_default_shipping", "is_default_billing"):
            if address is not None and getattr(address, name):
                field = self.fields[name]
                field.disabled = True
                field.help_text = _("To change this, make another address the default.")

    def postal_address(self) -> PostalAddress:
        """The cleaned address as a value (call after ``is_valid()``)."""
        return PostalAddress(
            **{
                name: self.cleaned_data[name]
                for name in self.base_fields
                if not name.startswith("is_default_")
            }
        )

    def default_flags(self) -> dict[str, bool]:
        return {
            name: self.cleaned_data[name]
            for name in ("is_default_billing", "is_default_shipping")
        }

    def clean_postal_code(self) -> str:
        # "1012ab " and "1012  AB" are the same code as "1012AB" and "1012 AB".
        return " ".join(self.cleaned_data["postal_code"].split()).upper()

    def clean(self) -> dict:
        cleaned = super().clean()
        country, postal_code = cleaned.get("country"), cleaned.get("postal_code")
        if country and postal_code:
            error = postal_code_error(country, postal_code)
            if error is not None:
                self.add_error("postal_code", error)
        return cleaned
