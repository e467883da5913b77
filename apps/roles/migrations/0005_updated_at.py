"""``updated_at`` on roles, kept by a BEFORE UPDATE trigger (the import writes roles with
``bulk_update``, which bypasses ``auto_now``). An UPDATE that changes nothing leaves it alone.
"""

from django.db import migrations, models
from django.db.models.functions import Now

FUNCTION = """
CREATE OR REPLACE FUNCTION roles_set_updated_at() RETURNS trigger AS $$
BEGIN
    NEW.updated_at := OLD.updated_at;
    IF NEW IS DISTINCT FROM OLD THEN
        NEW.updated_at := now();
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0004_versions"),
    ]

    operations = [
        migrations.AddField(
            model_name="role",
            name="updated_at",
            field=models.DateTimeField(db_default=Now(), db_index=True, editable=False),
        ),
        migrations.RunSQL(FUNCTION, "DROP FUNCTION IF EXISTS roles_set_updated_at();"),
        migrations.RunSQL(
            "CREATE TRIGGER roles_role_updated_at BEFORE UPDATE ON roles_role "
            "FOR EACH ROW EXECUTE FUNCTION roles_set_updated_at();",
            "DROP TRIGGER IF EXISTS roles_role_updated_at ON roles_role;",
        ),
    ]
