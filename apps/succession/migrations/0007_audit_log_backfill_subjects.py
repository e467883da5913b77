"""Rows written before ``subjects`` existed name their people too, from their snapshots.

A rating or slate entry's snapshot holds its ``employee``, a plan's its ``incumbent`` (and, when
deleted, its ``successors``). Reading them here means a row about a record deleted long ago is
still hidden from the person it concerns. The append-only trigger is disabled for this one
statement, inside the migration's transaction, by the table owner; it is on again at commit.
"""

from django.db import migrations

# Deferred foreign-key checks still pending would block the ALTER: run them first.
BACKFILL = """
SET CONSTRAINTS ALL IMMEDIATE;
ALTER TABLE succession_auditlog DISABLE TRIGGER succession_auditlog_append_only;
UPDATE succession_auditlog a SET subjects = ARRAY(
    SELECT DISTINCT v::bigint FROM (
        SELECT a.before ->> 'employee' AS v
        UNION ALL SELECT a.after ->> 'employee'
        UNION ALL SELECT a.before ->> 'incumbent'
        UNION ALL SELECT a.after ->> 'incumbent'
        UNION ALL SELECT jsonb_array_elements_text(
            CASE WHEN jsonb_typeof(a.before -> 'successors') = 'array'
                 THEN a.before -> 'successors' ELSE '[]'::jsonb END)
    ) ids
    WHERE v ~ '^[0-9]{1,18}$'
    ORDER BY 1)
WHERE a.subjects = '{}' AND a.object_type IN (
    'succession.TalentRating', 'succession.SuccessorCandidate', 'succession.SuccessionPlan');
ALTER TABLE succession_auditlog ENABLE TRIGGER succession_auditlog_append_only;
"""


class Migration(migrations.Migration):
    dependencies = [("succession", "0006_audit_log_anonymise_leaver")]

    operations = [migrations.RunSQL(BACKFILL, migrations.RunSQL.noop)]
