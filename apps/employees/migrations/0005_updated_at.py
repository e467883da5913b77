"""``updated_at`` on departments and employees, kept by a BEFORE UPDATE trigger.

A trigger rather than ``auto_now``: the import writes with ``bulk_update`` and the services
with ``queryset.update()``, and both bypass ``auto_now``. An UPDATE that changes nothing leaves
the time alone, so a sync asking for ``updated_since`` is not sent rows a no-op rewrote.
``now()`` is the start of the writing transaction (see README, "updated_since").
"""

from django.db import migrations, models
from django.db.models.functions import Now

FUNCTION = """
CREATE OR REPLACE FUNCTION employees_set_updated_at() RETURNS trigger AS $$
BEGIN
    NEW.updated_at := OLD.updated_at;
    IF NEW IS DISTINCT FROM OLD THEN
        NEW.updated_at := now();
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""
TABLES = ("employees_department", "employees_employee")


def _trigger(table: str) -> migrations.RunSQL:
    return migrations.RunSQL(
        f"CREATE TRIGGER {table}_updated_at BEFORE UPDATE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION employees_set_updated_at();",
        f"DROP TRIGGER IF EXISTS {table}_updated_at ON {table};",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("employees", "0004_directory_order_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="department",
            name="updated_at",
            field=models.DateTimeField(db_default=Now(), db_index=True, editable=False),
        ),
        migrations.AddField(
            model_name="employee",
            name="updated_at",
            field=models.DateTimeField(db_default=Now(), db_index=True, editable=False),
        ),
        migrations.RunSQL(FUNCTION, "DROP FUNCTION IF EXISTS employees_set_updated_at();"),
        *(_trigger(table) for table in TABLES),
    ]
