"""Checkout forms: contact, addresses (picked from the address book or typed),
shipping and payment method, and the review's terms box. Every field says what is
wrong with it; without JavaScript everything still works."""

from __future__ import annotations

from django import forms

from shop.accounts.forms.account import AddressForm
from shop.core.address import PostalAddress
from shop.payments.gateway import PaymentMethod

NEW = "new"


class CheckoutAddressForm(AddressForm):
    """An address typed at checkout (the address book's form without its default
    flags)."""

    is_default_shipping = None
    is_default_billing = None


def _one_line(address) -> str:
    return (
        ", ".join(p for p in (address.full_name, address.street, address.city) if p)
        + f" ({address.country})"
    )


class DetailsForm(forms.Form):
    email = forms.EmailField(
        label="E-mail",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text="For the order confirmation and shipping updates.",
    )
    billing_choice = forms.ChoiceField(label="Billing address", required=False)
    ship_to_billing = forms.BooleanField(
        label="Ship to my billing address", required=False
    )
    shipping_choice = forms.ChoiceField(label="Shipping address", required=False)
    shipping_method = forms.ChoiceField(
        label="Shipping method", widget=forms.RadioSelect
    )
    payment_method = forms.ChoiceField(label="Payment method", widget=forms.RadioSelect)

    def __init__(
        self,
        data=None,
        *,
        addresses=(),
        shipping_methods=(),
        payment_methods: list[PaymentMethod] = (),
        initial=None,
    ) -> None:
        super().__init__(data, initial=initial)
        self.addresses = {str(a.pk): a for a in addresses}
        book = [(pk, _one_line(a)) for pk, a in self.addresses.items()]
        for name in ("billing_choice", "shipping_choice"):
            # The widget first: a new widget takes the field's choices when set.
            self.fields[name].widget = forms.Select() if book else forms.HiddenInput()
            self.fields[name].choices = [*book, (NEW, "A new address")]
        self.shipping_methods = {str(m.pk): m for m in shipping_methods}
        self.fields["shipping_method"].choices = [
            (str(m.pk), f"{m.name} ({m.delivery_time})" if m.delivery_time else m.name)
            for m in shipping_methods
        ]
        self.fields["payment_method"].choices = [
            (m.id, m.description) for m in payment_methods
        ]
        if not payment_methods:
            self.fields[
                "payment_method"
            ].help_text = (
                "Payment is unavailable right now; please try again in a few minutes."
            )
        # An address form is only checked (and shows errors) when it is used: a
        # new billing address, a separate new shipping address. An unused one keeps
        # what was typed, unbound.
        billing_used = data is not None and self._raw_choice(data, "billing") == NEW
        shipping_used = (
            data is not None
            and not data.get("ship_to_billing")
            and self._raw_choice(data, "shipping") == NEW
        )
        self.billing = self._address_form(data, "billing", billing_used, initial)
        self.shipping = self._address_form(data, "shipping", shipping_used, initial)

    def _raw_choice(self, data, kind: str) -> str:
        return (data.get(f"{kind}_choice") or NEW) if self.addresses else NEW

    @staticmethod
    def _address_form(data, prefix: str, used: bool, initial):
        if used:
            return CheckoutAddressForm(data, prefix=prefix)
        typed = (
            {
                name: data.get(f"{prefix}-{name}", "")
                for name in CheckoutAddressForm.base_fields
            }
            if data is not None
            else (initial or {}).get(prefix)
        )
        return CheckoutAddressForm(prefix=prefix, initial=typed)

    def _choice(self, name: str) -> str:
        return (self.cleaned_data.get(name) or NEW) if self.addresses else NEW

    def clean(self):
        cleaned = super().clean()
        if self.billing.is_bound and not self.billing.is_valid():
            self.add_error(None, "Check the billing address.")
        if self.shipping.is_bound and not self.shipping.is_valid():
            self.add_error(None, "Check the shipping address.")
        method = self.shipping_methods.get(cleaned.get("shipping_method", ""))
        shipping = self._address("shipping") if not self.errors else None
        if (
            method is not None
            and shipping is not None
            and not method.serves(shipping.country)
        ):
            self.add_error(
                "shipping_method",
                f"{method.name} does not ship to {shipping.country_name}; choose "
                "another method.",
            )
        return cleaned

    def _address(self, kind: str) -> PostalAddress | None:
        if kind == "shipping" and self.cleaned_data.get("ship_to_billing"):
            kind = "billing"
        choice = self._choice(f"{kind}_choice")
        if choice != NEW:
            return PostalAddress.from_row(self.addresses[choice])
        form = self.billing if kind == "billing" else self.shipping
        return form.postal_address() if form.is_valid() else None

    @property
    def billing_address(self) -> PostalAddress:
        return self._address("billing")

    @property
    def shipping_address(self) -> PostalAddress:
        return self._address("shipping")

    @property
    def method(self):
        return self.shipping_methods[self.cleaned_data["shipping_method"]]


class ConsentCheckbox(forms.CheckboxInput):
    """Checked only as a browser sends a checked box ("on"); Django's own widget
    takes any other non-empty value ("-1", "NaN", a NUL) as checked."""

    def value_from_datadict(self, data, files, name):
        return data.get(name) == "on"


class ConsentField(forms.BooleanField):
    widget = ConsentCheckbox


class ReviewForm(forms.Form):
    accept_terms = ConsentField(
        label="I accept the terms and conditions and the privacy policy",
        error_messages={"required": "Accept the terms to place your order."},
    )
    checkout_key = forms.UUIDField(widget=forms.HiddenInput)
    fingerprint = forms.CharField(max_length=64, widget=forms.HiddenInput)
