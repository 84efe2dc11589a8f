"""The buyer's own pages: overview, profile, address book (orders: shop.orders)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from ..exceptions import AccountError
from ..forms.account import AddressForm, ProfileForm
from ..models import Address
from ..selectors import (
    account_overview_get,
    address_get_for_user,
    address_list_for_user,
    profile_get_for_user,
)
from ..services import profiles as services
from .common import form_page

DEFAULT_SET_MESSAGES = {
    "billing": gettext_lazy("%(name)s is now your default billing address."),
    "shipping": gettext_lazy("%(name)s is now your default shipping address."),
}


def _own_address(request: HttpRequest, pk: int) -> Address:
    """The visitor's address; a 404 for anyone else's, as for one that never was."""
    try:
        return address_get_for_user(user=request.user, pk=pk)
    except Address.DoesNotExist:
        raise Http404(_("No such address in your address book.")) from None


@never_cache
@login_required
@require_safe
def overview(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/overview.html",
        {"overview": account_overview_get(user=request.user)},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            services.profile_update(user=request.user, **form.cleaned_data)
            messages.success(request, _("Your profile has been saved."))
            return redirect("accounts:profile")
        return render(request, "accounts/profile.html", {"form": form}, status=400)
    profile = profile_get_for_user(user=request.user)
    form = ProfileForm(initial=ProfileForm.initial_for(profile))
    return render(request, "accounts/profile.html", {"form": form, "profile": profile})


@never_cache
@login_required
@require_safe
def address_list(request: HttpRequest) -> HttpResponse:
    addresses = list(address_list_for_user(user=request.user))
    return render(
        request,
        "accounts/address_list.html",
        {
            "addresses": addresses,
            "max_addresses": settings.ACCOUNTS_MAX_ADDRESSES,
            "is_full": len(addresses) >= settings.ACCOUNTS_MAX_ADDRESSES,
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def address_create(request: HttpRequest) -> HttpResponse:
    form = AddressForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.address_create(
                user=request.user,
                address=form.postal_address(),
                **form.default_flags(),
            )
        except AccountError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The address has been added."))
            return redirect("accounts:addresses")
    return form_page(request, "accounts/address_form.html", form, address=None)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def address_edit(request: HttpRequest, pk: int) -> HttpResponse:
    address = _own_address(request, pk)
    form = AddressForm(
        request.POST if request.method == "POST" else None, address=address
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.address_update(
                address=address,
                postal_address=form.postal_address(),
                **form.default_flags(),
            )
        except AccountError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The address has been saved."))
            return redirect("accounts:addresses")
    return form_page(request, "accounts/address_form.html", form, address=address)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def address_delete(request: HttpRequest, pk: int) -> HttpResponse:
    address = _own_address(request, pk)
    if request.method == "POST":
        services.address_delete(address=address)
        messages.success(request, _("The address has been deleted."))
        return redirect("accounts:addresses")
    return render(request, "accounts/address_confirm_delete.html", {"address": address})


@never_cache
@login_required
@require_POST
def address_set_default(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    if kind not in services.ADDRESS_KINDS:
        raise Http404(_("There is no such kind of default address."))
    address = _own_address(request, pk)
    try:
        services.address_set_default(address=address, kind=kind)
    except AccountError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, DEFAULT_SET_MESSAGES[kind] % {"name": address.full_name}
        )
    return redirect("accounts:addresses")
