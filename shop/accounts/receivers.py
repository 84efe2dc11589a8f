"""Signal receivers of the accounts app, connected in AccountsConfig.ready()."""

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Profile


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="profile_create")
def profile_create(
    sender, instance, created: bool, raw: bool = False, **kwargs
) -> None:
    # Every user, however created (registration, admin, createsuperuser, import),
    # has a profile, so account pages and checkout never need to check.
    if created and not raw:
        Profile.objects.get_or_create(user=instance)
