"""The audit log is append-only in the database itself: a trigger refuses UPDATE and DELETE.

``AuditLog.save``/``delete`` already refuse edits, but a QuerySet ``update()``, a bulk delete
or raw SQL bypass model methods; the trigger holds for every client. The one change it lets
through is the database clearing a deleted account's ``actor`` link (``ON DELETE SET NULL``
done by Django), with every recorded field left exactly as it was. TRUNCATE (the test runner's
flush) is a table operation, not a row change, and stays possible for the database owner.
"""

from django.db import migrations

FORWARD = """
CREATE FUNCTION succession_auditlog_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND OLD.actor_id IS NOT NULL AND NEW.actor_id IS NULL
       AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.action = OLD.action
       AND NEW.object_type = OLD.object_type AND NEW.object_id = OLD.object_id
       AND NEW.summary = OLD.summary
       AND NEW.before IS NOT DISTINCT FROM OLD.before
       AND NEW.after IS NOT DISTINCT FROM OLD.after THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'The audit log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER succession_auditlog_append_only
    BEFORE UPDATE OR DELETE ON succession_auditlog
    FOR EACH ROW EXECUTE FUNCTION succession_auditlog_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS succession_auditlog_append_only ON succession_auditlog;
DROP FUNCTION IF EXISTS succession_auditlog_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("succession", "0003_plausible_dates"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
