from django.urls import register_converter
from rest_framework.routers import DefaultRouter

from shop.catalog.api.converters import PageIdConverter, SkuConverter
from shop.catalog.api.views import CategoryViewSet, ProductViewSet, VariantViewSet

register_converter(PageIdConverter, "page_id")
register_converter(SkuConverter, "sku")

app_name = "api"

router = DefaultRouter(use_regex_path=False)
router.include_format_suffixes = False
router.register("categories", CategoryViewSet, basename="category")
router.register("products", ProductViewSet, basename="product")
router.register("variants", VariantViewSet, basename="variant")

urlpatterns = router.urls
