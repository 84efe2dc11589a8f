from rest_framework import serializers

from shop.catalog.models import CategoryPage, PrintArea, ProductColor, ProductPage
from shop.core.api import MoneyField


class CategorySerializer(serializers.ModelSerializer):
    parent_id = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = CategoryPage
        fields = ["id", "title", "slug", "url", "parent_id", "depth"]

    def get_parent_id(self, obj: CategoryPage) -> int | None:
        parents = self.context.get("category_parents", {})
        return parents.get(obj.pk)

    def get_url(self, obj: CategoryPage) -> str | None:
        return obj.get_url(request=self.context.get("request"))


class VariantSerializer(serializers.Serializer):
    sku = serializers.CharField()
    product_id = serializers.IntegerField()
    color = serializers.CharField()
    size = serializers.CharField()
    price = MoneyField()
    stock = serializers.IntegerField()


class ColorSerializer(serializers.ModelSerializer):
    images = serializers.SerializerMethodField()

    class Meta:
        model = ProductColor
        fields = ["name", "hex_code", "images"]

    def get_images(self, obj: ProductColor) -> dict[str, str]:
        return {view: image.file.url for view, image in obj.views}


class PrintAreaSerializer(serializers.ModelSerializer):
    price = MoneyField()

    class Meta:
        model = PrintArea
        fields = [
            "view",
            "left_percent",
            "top_percent",
            "width_percent",
            "height_percent",
            "width_mm",
            "height_mm",
            "price",
        ]


class ProductSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    category_id = serializers.SerializerMethodField()
    colors = ColorSerializer(many=True)
    sizes = serializers.SerializerMethodField()
    variants = serializers.SerializerMethodField()
    print_areas = PrintAreaSerializer(many=True)
    base_price = MoneyField()

    class Meta:
        model = ProductPage
        fields = [
            "id",
            "title",
            "slug",
            "url",
            "category_id",
            "summary",
            "material",
            "base_price",
            "colors",
            "sizes",
            "variants",
            "print_areas",
        ]

    def get_url(self, obj: ProductPage) -> str | None:
        return obj.get_url(request=self.context.get("request"))

    def get_category_id(self, obj: ProductPage) -> int | None:
        return self.context.get("product_parents", {}).get(obj.pk)

    def get_sizes(self, obj: ProductPage) -> list[str]:
        return [size.name for size in obj.sizes.all()]

    def get_variants(self, obj: ProductPage) -> list[dict]:
        rows = self.context["variants_by_product"].get(obj.pk, [])
        return VariantSerializer(rows, many=True).data
