from __future__ import annotations


def cart_merge_on_login(sender, request, user, **kwargs) -> None:
    """Django's ``user_logged_in``: the anonymous cart joins the user's cart."""
    if request is None or not hasattr(request, "session"):
        return
    from shop.cart.services import cart_merge_into_user

    cart_merge_into_user(request, user)
