class ShopError(Exception):
    """An expected failure of a shop rule; the message is shown to the user."""
