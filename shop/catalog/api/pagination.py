from rest_framework.pagination import LimitOffsetPagination

from shop.catalog.api.params import (
    MAX_LIMIT,
    PageQueryForm,
    query_form_schema,
    query_params_or_400,
)


class CatalogPagination(LimitOffsetPagination):
    """limit/offset with a maximum page size; a bad or out-of-range value is a 400.

    DRF's own class silently ignores a bad value, has no maximum unless one is set,
    and hands any offset or limit to the database, where a number beyond 64 bits
    is a server error.
    """

    max_limit = MAX_LIMIT

    def _params(self, request):
        if getattr(self, "_request_params", None) is None:
            self._request_params = query_params_or_400(PageQueryForm, request)
        return self._request_params

    def get_limit(self, request) -> int:
        return self._params(request)["limit"] or self.default_limit

    def get_offset(self, request) -> int:
        return self._params(request)["offset"] or 0

    def get_schema_operation_parameters(self, view) -> list[dict]:
        return query_form_schema(PageQueryForm)
