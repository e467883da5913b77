from django.apps import AppConfig


class CareermapsConfig(AppConfig):
    name = "apps.careermaps"
    label = "careermaps"
