from django.conf import settings
from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    PermissionsMixin,
)
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shop.core.address import PHONE_PATTERN, PostalAddress
from shop.core.countries import COUNTRY_CHOICES
from shop.core.models import TimeStampedModel


class UserManager(BaseUserManager["User"]):
    """Creates users, each with its profile, in one transaction.

    create_user and create_superuser are the user-creation service of every path
    that goes through Django's API (createsuperuser, the demo seed, tests, other
    apps). The two paths that build the row themselves add the profile in the same
    way: registration (services/auth.py, which stores a pending account) and
    Wagtail's user form (the after_create_user hook in wagtail_hooks.py). No signal
    is involved; users created before this rule got theirs in migration 0003.
    """

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        with transaction.atomic(using=self._db):
            user.save(using=self._db)
            Profile.objects.using(self._db).create(user=user)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser needs is_staff and is_superuser.")
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email: str) -> "User":
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """A shopper or a staff member; the e-mail address is the login."""

    email = models.EmailField(_("e-mail address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_(
            "Not used for access: the admin is open to the groups Editors, Marketing "
            "and Fulfilment, and to superusers."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # A self-registered account stays inactive until its owner follows the e-mailed
    # link. Kept apart from is_active so an account an admin deactivated can never
    # re-activate itself through a verification link.
    is_registration_pending = models.BooleanField(
        _("registration pending"), default=False
    )
    # Identifies the registration a confirmation link was mailed for: each new
    # registration of a pending address draws a new one, so only the newest link
    # works. Not a secret (links are signed); kept after confirmation so that an
    # old link can say "already confirmed".
    registration_nonce = models.CharField(
        _("registration nonce"), max_length=32, blank=True, editable=False
    )
    # Identifies the newest e-mail change request: its link carries it, so asking
    # again voids every older link, and confirming or "I did not ask for this"
    # clears it (a link works once). Empty while no change is pending.
    email_change_nonce = models.CharField(
        _("e-mail change nonce"), max_length=32, blank=True, editable=False
    )
    email_verified_at = models.DateTimeField(
        _("e-mail verified at"), null=True, blank=True
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("email"), name="accounts_user_email_ci_unique"
            )
        ]

    def __str__(self) -> str:
        return self.email

    def clean(self) -> None:
        super().clean()
        self.email = type(self).objects.normalize_email(self.email)

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.email

    def get_short_name(self) -> str:
        return self.first_name or self.email


phone_validator = RegexValidator(
    PHONE_PATTERN,
    _("Enter a phone number with digits only, for example +41 44 123 45 67."),
)


class Profile(TimeStampedModel):
    """What a buyer tells us about themselves beyond the login (name is on User)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    phone = models.CharField(
        _("phone"), max_length=32, blank=True, validators=[phone_validator]
    )
    has_marketing_opt_in = models.BooleanField(
        _("send me offers and news by e-mail"), default=False
    )
    # When consent was last given, for the record the GDPR asks a shop to keep.
    marketing_opt_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("profile")

    def __str__(self) -> str:
        return f"Profile of {self.user_id}"


class Address(TimeStampedModel):
    """An entry in a buyer's address book; one may be the default of each kind."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="addresses"
    )
    full_name = models.CharField(_("full name"), max_length=200)
    company = models.CharField(_("company"), max_length=200, blank=True)
    street = models.CharField(_("street and number"), max_length=200)
    street2 = models.CharField(_("address line 2"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20)
    city = models.CharField(_("city"), max_length=100)
    country = models.CharField(_("country"), max_length=2, choices=COUNTRY_CHOICES)
    phone = models.CharField(
        _("phone"), max_length=32, blank=True, validators=[phone_validator]
    )
    is_default_billing = models.BooleanField(
        _("default billing address"), default=False
    )
    is_default_shipping = models.BooleanField(
        _("default shipping address"), default=False
    )

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        ordering = ["-is_default_shipping", "-is_default_billing", "full_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(is_default_billing=True),
                name="accounts_address_one_default_billing",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(is_default_shipping=True),
                name="accounts_address_one_default_shipping",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name}, {self.street}, {self.postal_code} {self.city}"

    @property
    def postal_address(self) -> PostalAddress:
        """The address as a value (its ``lines`` are what a label or invoice prints)."""
        return PostalAddress.from_row(self)


class LoginEvent(models.Model):
    """One login attempt on the storefront or the admin, kept for the security log."""

    class Outcome(models.TextChoices):
        SUCCESS = "success", _("Success")
        FAILURE = "failure", _("Failure")
        THROTTLED = "throttled", _("Blocked by the attempt limit")

    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    email = models.CharField(_("e-mail entered"), max_length=254, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="login_events",
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)
    path = models.CharField(_("login page"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("login event")
        verbose_name_plural = _("login events")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["email", "-created_at"])]

    def __str__(self) -> str:
        when = timezone.localtime(self.created_at)
        return f"{self.get_outcome_display()}: {self.email} at {when:%Y-%m-%d %H:%M}"
