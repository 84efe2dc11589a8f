from __future__ import annotations

from shop.designer.selectors import VISITOR_KEY
from shop.designer.services import designs_adopt


def designs_adopt_on_login(sender, request, user, **kwargs) -> None:
    """Django's ``user_logged_in``: the session's designs and uploads become the
    user's."""
    if request is None or not hasattr(request, "session"):
        return
    designs_adopt(request, user, session_key=request.session.get(VISITOR_KEY, ""))
