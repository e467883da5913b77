"""Invitation tokens are stored as the SHA-256 of the emailed secret.

Links already emailed keep working: their secret is the token stored so far, so its digest
replaces it (a digest is 64 hex characters; the old secrets are 43 URL-safe characters).
"""

import hashlib

from django.db import migrations, models

import apps.employees.models


def _hash_stored_secrets(apps, schema_editor) -> None:
    Invitation = apps.get_model("employees", "Invitation")
    for invitation in Invitation.objects.exclude(token__regex=r"^[0-9a-f]{64}$").only("token"):
        invitation.token = hashlib.sha256(invitation.token.encode()).hexdigest()
        invitation.save(update_fields=["token"])


class Migration(migrations.Migration):
    dependencies = [
        ("employees", "0002_plausible_dates"),
    ]

    operations = [
        migrations.AlterField(
            model_name="invitation",
            name="token",
            field=models.CharField(
                default=apps.employees.models._invitation_token,
                editable=False,
                help_text="SHA-256 of the emailed link's secret; the secret itself is never stored.",
                max_length=64,
                unique=True,
            ),
        ),
        # Digests cannot be turned back into secrets: going back leaves them as they are.
        migrations.RunPython(_hash_stored_secrets, migrations.RunPython.noop),
    ]
