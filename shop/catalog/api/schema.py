from drf_spectacular.generators import SchemaGenerator


class PublicApiSchemaGenerator(SchemaGenerator):
    """Describes config.api_urls only, also in `check --deploy`'s dry run."""

    def __init__(self, *args, **kwargs):
        kwargs["urlconf"] = kwargs.get("urlconf") or "config.api_urls"
        super().__init__(*args, **kwargs)
