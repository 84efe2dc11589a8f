"""The buyer's own pages: overview, profile, address book, orders. (In progress.)"""

from django.http import HttpResponse


def _pending(request, *args, **kwargs):
    return HttpResponse(status=501)


overview = profile_edit = address_list = address_create = address_edit = _pending
address_delete = address_set_default = order_list = _pending
