from django.db import migrations


def create_homepage(apps, schema_editor):
    """Replace Wagtail's default welcome page with the shop's home page."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("cms_pages.HomePage")

    page_type = ContentType.objects.get(model="page", app_label="wagtailcore")
    welcome = Page.objects.filter(content_type=page_type, slug="home", depth=2).first()
    locale_id = welcome.locale_id if welcome else Locale.objects.get_or_create(
        language_code="en"
    )[0].pk
    if welcome is not None:
        Site.objects.filter(root_page=welcome).delete()
        welcome.delete()
    if HomePage.objects.exists():
        return

    home_type, _ = ContentType.objects.get_or_create(
        model="homepage", app_label="cms_pages"
    )
    root = Page.objects.get(depth=1)
    path = root.path + "0001"
    home = HomePage.objects.create(
        title="Home",
        draft_title="Home",
        slug="home",
        content_type=home_type,
        path=path,
        depth=2,
        numchild=0,
        url_path="/home/",
        locale_id=locale_id,
        live=True,
        hero_title="Make it yours",
        hero_text="T-shirts, hoodies and mugs printed with your own design.",
        body=[],
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True,
        site_name="Atelier",
    )


def remove_homepage(apps, schema_editor):
    HomePage = apps.get_model("cms_pages.HomePage")
    HomePage.objects.filter(depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [("cms_pages", "0001_initial")]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
