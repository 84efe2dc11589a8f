"""Logging in and out, registration, password reset and e-mail change.

Every view here is never_cache, outermost, so that no answer (a redirect to the login
included) is kept by a browser or a shared cache.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from ..exceptions import (
    AccountError,
    EmailChangeNotOwnerError,
    InvalidTokenError,
    RegistrationPasswordError,
)
from ..forms.auth import (
    EmailChangeForm,
    LoginForm,
    PasswordChangeForm,
    PasswordResetRequestForm,
    PasswordSetForm,
    RegistrationConfirmForm,
    RegistrationForm,
)
from ..models import User
from ..services import auth as services
from ..tokens import password_reset_user_get
from .common import form_page

PASSWORD_BACKEND = "shop.accounts.backends.EmailPasswordBackend"


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate,
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _invalid_link(request: HttpRequest, error: InvalidTokenError) -> HttpResponse:
    return render(
        request, "accounts/link_invalid.html", {"message": str(error)}, status=400
    )


@never_cache
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.method == "GET":
        return redirect(_next_url(request))
    form = LoginForm(request, data=request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            # login() gives the visitor a new session key: a session id planted
            # before login is worthless afterwards.
            login(request, form.get_user())
            return redirect(_next_url(request))
        if form.pending_user is not None:
            services.registration_verification_send(user=form.pending_user)
    return form_page(
        request,
        "accounts/login.html",
        form,
        next=request.POST.get("next") or request.GET.get("next", ""),
    )


@never_cache
@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, _("You have been logged out."))
    return redirect(settings.LOGOUT_REDIRECT_URL)


@never_cache
@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:overview")
    form = RegistrationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.user_register(
            email=data["email"],
            password=data["password1"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            has_marketing_opt_in=data["has_marketing_opt_in"],
        )
        request.session["accounts_register_email"] = data["email"]
        return redirect("accounts:register_sent")
    return form_page(request, "accounts/register.html", form)


@never_cache
def register_sent(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/register_sent.html",
        {"email": request.session.get("accounts_register_email", "")},
    )


@never_cache
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def register_verify(request: HttpRequest, token: str) -> HttpResponse:
    # GET only shows the form: mail scanners that open links must not use them up.
    try:
        user = services.registration_pending_get(token=token)
    except InvalidTokenError as error:
        return _invalid_link(request, error)
    if not user.is_registration_pending:
        return render(
            request, "accounts/verify.html", {"email": user.email, "is_pending": False}
        )
    form = RegistrationConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user, activated = services.registration_confirm(
                token=token, password=form.cleaned_data["password"]
            )
        except InvalidTokenError as error:
            return _invalid_link(request, error)
        except RegistrationPasswordError as error:
            form.add_error("password", str(error))
        else:
            if not activated:
                messages.info(request, _("Your e-mail address was already confirmed."))
                return redirect("accounts:login")
            login(request, user, backend=PASSWORD_BACKEND)
            messages.success(request, _("Your e-mail address is confirmed. Welcome!"))
            return redirect("accounts:overview")
    return form_page(
        request,
        "accounts/verify.html",
        form,
        email=user.email,
        is_pending=True,
        token=token,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def register_decline(request: HttpRequest, token: str) -> HttpResponse:
    # "I did not ask for this": GET asks, only POST removes the registration.
    try:
        if request.method == "GET":
            user = services.registration_pending_get(token=token)
            return render(
                request,
                "accounts/verify_decline.html",
                {"email": user.email, "is_pending": user.is_registration_pending},
            )
        email = services.registration_decline(token=token)
    except InvalidTokenError as error:
        return _invalid_link(request, error)
    except AccountError as error:
        return render(
            request, "accounts/link_invalid.html", {"message": str(error)}, status=409
        )
    return render(request, "accounts/verify_declined.html", {"email": email})


@never_cache
@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    form = PasswordResetRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.password_reset_request(email=form.cleaned_data["email"])
        return redirect("accounts:password_reset_sent")
    return form_page(request, "accounts/password_reset.html", form)


@never_cache
def password_reset_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/password_reset_sent.html")


@never_cache
@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def password_reset_confirm(
    request: HttpRequest, uidb64: str, token: str
) -> HttpResponse:
    try:
        user = password_reset_user_get(uidb64=uidb64, token=token)
    except InvalidTokenError as error:
        return _invalid_link(request, error)
    form = PasswordSetForm(
        request.POST if request.method == "POST" else None, user=user
    )
    if request.method == "POST" and form.is_valid():
        services.user_password_set(user=user, password=form.cleaned_data["password1"])
        messages.success(
            request, _("Your password has been changed. You can log in with it now.")
        )
        return redirect("accounts:login")
    return form_page(request, "accounts/password_reset_confirm.html", form)


@never_cache
@sensitive_post_parameters("current_password", "password1", "password2")
@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(
        request.POST if request.method == "POST" else None, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        services.user_password_set(
            user=request.user, password=form.cleaned_data["password1"]
        )
        # This session stays logged in; every other session of the account ends.
        update_session_auth_hash(request, request.user)
        messages.success(request, _("Your password has been changed."))
        return redirect("accounts:overview")
    return form_page(request, "accounts/password_change.html", form)


@never_cache
@sensitive_post_parameters("current_password")
@login_required
@require_http_methods(["GET", "POST"])
def email_change(request: HttpRequest) -> HttpResponse:
    form = EmailChangeForm(
        request.POST if request.method == "POST" else None, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        new_email = form.cleaned_data["new_email"]
        try:
            services.email_change_request(user=request.user, new_email=new_email)
        except AccountError as error:
            form.add_error("new_email", str(error))
        else:
            messages.success(
                request,
                _(
                    "We have sent a link to %(email)s. Your address changes when you "
                    "open it while logged in to this account."
                )
                % {"email": new_email},
            )
            return redirect("accounts:overview")
    return form_page(request, "accounts/email_change.html", form)


def _session_user(request: HttpRequest) -> User | None:
    return request.user if request.user.is_authenticated else None


@never_cache
@require_http_methods(["GET", "POST"])
def email_change_confirm(request: HttpRequest, token: str) -> HttpResponse:
    # Only the account's own session confirms (services/auth.py says why); anyone
    # else is asked to log in. GET only shows the page: mail scanners change nothing.
    user = _session_user(request)
    refusal = None
    if request.method == "POST":
        try:
            changed = services.email_change_confirm(token=token, user=user)
        except InvalidTokenError as error:
            return _invalid_link(request, error)
        except EmailChangeNotOwnerError as error:
            refusal = str(error)
        except AccountError as error:
            return render(
                request,
                "accounts/link_invalid.html",
                {"message": str(error)},
                status=409,
            )
        else:
            messages.success(
                request,
                _("Your e-mail address is now %(email)s.") % {"email": changed.email},
            )
            return redirect("accounts:overview")
    try:
        pending = services.email_change_pending_get(token=token, user=user)
    except InvalidTokenError as error:
        return _invalid_link(request, error)
    is_refused = refusal is not None or (
        user is not None and not pending.is_viewers_account
    )
    login_url = reverse("accounts:login") + "?" + urlencode({"next": request.path})
    return render(
        request,
        "accounts/email_change_confirm.html",
        {
            "pending": pending,
            "refusal": refusal,
            "token": token,
            "login_url": login_url,
        },
        status=403 if is_refused else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def email_change_decline(request: HttpRequest, token: str) -> HttpResponse:
    # "I did not ask for this": GET asks, only POST cancels the pending change.
    try:
        if request.method == "GET":
            pending = services.email_change_pending_get(
                token=token, user=_session_user(request)
            )
            return render(
                request,
                "accounts/email_change_decline.html",
                {"new_email": pending.new_email},
            )
        new_email = services.email_change_decline(token=token)
    except InvalidTokenError as error:
        return _invalid_link(request, error)
    except AccountError as error:
        return render(
            request, "accounts/link_invalid.html", {"message": str(error)}, status=409
        )
    return render(
        request, "accounts/email_change_declined.html", {"new_email": new_email}
    )
