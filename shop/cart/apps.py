from django.apps import AppConfig


class CartConfig(AppConfig):
    name = "shop.cart"
    label = "cart"
    verbose_name = "Cart"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from shop.cart.receivers import cart_merge_on_login

        # Django's own login hook (every login path sends it: the login form, the
        # admin, registration): the anonymous cart joins the user's cart.
        user_logged_in.connect(cart_merge_on_login, dispatch_uid="cart.merge_on_login")

        from shop.cart.fragments import mini_cart_html
        from shop.core.page_cache import visitor_fragment_register

        visitor_fragment_register("mini-cart", mini_cart_html)
