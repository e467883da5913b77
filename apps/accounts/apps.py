from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from apps.accounts.language import adopt_language_on_sign_in
        from apps.accounts.middleware import mark_signed_in

        user_logged_in.connect(mark_signed_in, dispatch_uid="careermap-idle-mark-signed-in")
        user_logged_in.connect(adopt_language_on_sign_in, dispatch_uid="careermap-language")
