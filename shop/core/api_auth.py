"""The API's authentication (a module of its own: DRF imports it while loading its
settings, before ``rest_framework.views`` can be imported)."""

from rest_framework.authentication import SessionAuthentication


class CsrfSessionAuthentication(SessionAuthentication):
    """Django's session, with the CSRF check for anonymous visitors too (DRF checks
    it for logged-in users only; an anonymous cart is just as worth protecting)."""

    def authenticate(self, request):
        self.enforce_csrf(request)
        return super().authenticate(request)
