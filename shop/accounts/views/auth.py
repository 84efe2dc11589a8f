from django.http import HttpResponse


def _pending(request, *args, **kwargs):
    return HttpResponse(status=501)


login_view = logout_view = register = register_sent = register_verify = _pending
password_reset = password_reset_sent = password_reset_confirm = _pending
password_change = email_change = email_change_confirm = _pending
