from django.apps import AppConfig


class DesignerConfig(AppConfig):
    name = "shop.designer"
    label = "designer"
    verbose_name = "Designer"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from shop.core.receivers import content_models_register
        from shop.designer.models import (
            Clipart,
            ClipartCategory,
            DesignerSettings,
            DesignTemplate,
            Font,
        )
        from shop.designer.receivers import designs_adopt_on_login

        # The library shows in the designer and its lists are cached under the
        # content version (shop.core.content_cache).
        content_models_register(
            Clipart, ClipartCategory, DesignTemplate, Font, DesignerSettings
        )
        # Django's one login hook for every login path: the session's designs and
        # uploads become the user's.
        user_logged_in.connect(
            designs_adopt_on_login, dispatch_uid="designer.adopt_on_login"
        )
