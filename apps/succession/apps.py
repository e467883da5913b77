from django.apps import AppConfig


class SuccessionConfig(AppConfig):
    name = "apps.succession"
    label = "succession"
