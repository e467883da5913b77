"""The audit log's trigger gains one narrow, explicit exception: anonymising a leaver.

HR may anonymise someone who left (apps/succession/services/leavers.py): their name and email
must then be gone from the log's summaries and snapshots too. The trigger lets an UPDATE
through only when all of these hold, and refuses everything else as before:

- the transaction set ``careermap.anonymising`` (``set_config(..., true)``: this transaction
  only) to the id of an employee whose status is ``left``;
- the row is about that person (``subjects`` names them) or its text names them (their current
  name or email, which the anonymiser replaces after rewriting the log);
- only ``summary``, ``before`` and ``after`` change: id, time, actor, action, record and
  subjects stay exactly as they were.

The other exception (the database clearing a deleted account's ``actor``) now also requires
``subjects`` to stay as it was. DELETE stays refused.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION succession_auditlog_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    leaver_id bigint;
    leaver record;
BEGIN
    IF TG_OP = 'UPDATE'
       AND OLD.actor_id IS NOT NULL AND NEW.actor_id IS NULL
       AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.action = OLD.action
       AND NEW.object_type = OLD.object_type AND NEW.object_id = OLD.object_id
       AND NEW.summary = OLD.summary
       AND NEW.before IS NOT DISTINCT FROM OLD.before
       AND NEW.after IS NOT DISTINCT FROM OLD.after
       AND NEW.subjects = OLD.subjects THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE'
       AND coalesce(current_setting('careermap.anonymising', true), '') ~ '^[0-9]{1,18}$'
       AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.action = OLD.action
       AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
       AND NEW.object_type = OLD.object_type AND NEW.object_id = OLD.object_id
       AND NEW.subjects = OLD.subjects THEN
        leaver_id := current_setting('careermap.anonymising', true)::bigint;
        SELECT full_name, work_email INTO leaver
            FROM employees_employee WHERE id = leaver_id AND status = 'left';
        IF FOUND AND (
            leaver_id = ANY (OLD.subjects)
            OR leaver.full_name <> '' AND position(leaver.full_name IN OLD.summary || coalesce(OLD.before::text, '')
                        || coalesce(OLD.after::text, '')) > 0
            OR leaver.work_email <> '' AND position(leaver.work_email IN OLD.summary || coalesce(OLD.before::text, '')
                        || coalesce(OLD.after::text, '')) > 0) THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'The audit log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
"""

# Back to 0004's function (the trigger itself is unchanged).
BACKWARD = """
CREATE OR REPLACE FUNCTION succession_auditlog_append_only() RETURNS trigger
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
"""


class Migration(migrations.Migration):
    dependencies = [
        ("succession", "0005_audit_log_subjects"),
        ("employees", "0001_initial"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
