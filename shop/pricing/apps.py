from django.apps import AppConfig


class PricingConfig(AppConfig):
    name = "shop.pricing"
    label = "pricing"
    verbose_name = "Pricing"

    def ready(self) -> None:
        from shop.core.receivers import content_models_register
        from shop.pricing.models import (
            MultiBuyRule,
            PrintTechnique,
            SpecialOffer,
            TextColor,
            VolumeTier,
            VolumeTierTable,
        )

        # Offers, tiers and rules show on product pages and listings: a change
        # refreshes every cached page (shop.core.content_cache).
        content_models_register(
            SpecialOffer,
            VolumeTierTable,
            VolumeTier,
            MultiBuyRule,
            PrintTechnique,
            TextColor,
        )
