from django.apps import AppConfig


class CareermapsConfig(AppConfig):
    name = "apps.careermaps"
    label = "careermaps"

    def ready(self) -> None:
        # Every page's gettext lookups from one dict per language (careermap/i18n.py): the map
        # tabs make up to 330 a page. Here because careermap/ is not an app with a ready().
        from careermap.i18n import compact_languages

        compact_languages()
