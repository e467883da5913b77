from django.apps import AppConfig


class ExploreConfig(AppConfig):
    name = "apps.explore"
    label = "explore"
