"""SkillLevelCount follows people written in bulk per statement, not per row.

Migration 0011 recounted, for every person inserted, updated (role, department, status) or
deleted, what that person counts for, with two queries per row: moving 5,000 people took ~20 s
and an import of 20,000 people ran 40,000 queries. These AFTER ... FOR EACH STATEMENT triggers
take the statement's people from its transition tables and count them all at once: each old
row takes away, with the person's old role, department and status, what their ratings and
their rating history count for (live and per review), and each new row adds it back with the
new ones. A person statement changes neither ratings nor history, so the tables read are the
ones the person counted from before it; the deltas are summed per bucket and added in one
INSERT ... ON CONFLICT DO UPDATE (additions commute, so concurrent writes stay exact). As in
0011, a person deleted after their ratings (Django's cascade) takes nothing more away.

An UPDATE trigger cannot have a WHEN clause with transition tables, so it keeps only the rows
whose counted columns (id, role, department, status) changed itself.
"""

from django.db import migrations

PERSON_COLUMNS = ("id", "current_role_id", "department_id", "status")


def _changed(first: str, second: str, sign: str) -> str:
    """The rows of ``first`` that ``second`` does not hold with the same counted columns."""
    mine = ", ".join(f"a.{c}" for c in PERSON_COLUMNS)
    theirs = ", ".join(f"b.{c}" for c in PERSON_COLUMNS)
    return f"""
        SELECT {mine}, {sign} FROM {first} a
         WHERE NOT EXISTS (SELECT FROM {second} b
                            WHERE b.id = a.id AND ({theirs}) IS NOT DISTINCT FROM ({mine}))
    """


def _add(people: str) -> str:
    """Add what ``people`` (id, role, department, status, sign) count for, live and reviewed."""
    return f"""
        WITH p AS MATERIALIZED (
             SELECT * FROM ({people}) AS p (id, role_id, department_id, status, sign)
              WHERE p.status <> 'left'),
        live AS (
             SELECT NULL::bigint, p.role_id, p.department_id, r.skill_id, r.manager_level,
                    r.self_level, p.sign
               FROM p JOIN employees_skillrating r ON r.employee_id = p.id),
        in_force AS (
             SELECT DISTINCT ON (c.id, h.employee_id, h.skill_id, h.source)
                    c.id AS review_id, h.employee_id, h.skill_id, h.source, h.level
               FROM succession_talentreview c
               JOIN employees_skillratinghistory h ON h.rated_at < c.closes_on + 1
              WHERE h.employee_id IN (SELECT id FROM p) AND h.source IN ('manager', 'self')
              ORDER BY c.id, h.employee_id, h.skill_id, h.source, h.rated_at DESC, h.id DESC),
        levels AS (
             SELECT review_id, employee_id, skill_id,
                    max(level) FILTER (WHERE source = 'manager') AS manager_level,
                    max(level) FILTER (WHERE source = 'self') AS self_level
               FROM in_force GROUP BY review_id, employee_id, skill_id),
        reviewed AS (
             SELECT l.review_id, p.role_id, p.department_id, l.skill_id, l.manager_level,
                    l.self_level, p.sign
               FROM levels l JOIN p ON p.id = l.employee_id)
        INSERT INTO succession_skilllevelcount AS t
               (review_id, role_id, department_id, skill_id, manager_level, self_level, n)
        SELECT c.review_id, c.role_id, c.department_id, c.skill_id, c.manager_level,
               c.self_level, sum(c.n)
          FROM (SELECT * FROM live UNION ALL SELECT * FROM reviewed)
               AS c (review_id, role_id, department_id, skill_id, manager_level, self_level, n)
         GROUP BY c.review_id, c.role_id, c.department_id, c.skill_id, c.manager_level,
                  c.self_level
        HAVING sum(c.n) <> 0
         ORDER BY c.review_id, c.role_id, c.department_id, c.skill_id, c.manager_level,
                  c.self_level
        ON CONFLICT ON CONSTRAINT skill_level_count_key DO UPDATE SET n = t.n + EXCLUDED.n;
    """


COLUMNS = ", ".join(PERSON_COLUMNS)

FUNCTION = f"""
CREATE FUNCTION succession_level_count_people() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Only the branch of this statement's kind runs, so each names only the transition
    -- tables its trigger has.
    IF TG_OP = 'INSERT' THEN
        {_add(f"SELECT {COLUMNS}, 1 FROM new_rows")}
    ELSIF TG_OP = 'UPDATE' THEN
        {
    _add(
        _changed("new_rows", "old_rows", "1")
        + " UNION ALL "
        + _changed("old_rows", "new_rows", "-1")
    )
}
    ELSE
        {_add(f"SELECT {COLUMNS}, -1 FROM old_rows")}
    END IF;
    RETURN NULL;
END
$$;
"""

EVENTS = (
    ("INSERT", "REFERENCING NEW TABLE AS new_rows"),
    ("UPDATE", "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"),
    ("DELETE", "REFERENCING OLD TABLE AS old_rows"),
)

ROW_TRIGGERS = (
    "succession_level_count_employee_before",
    "succession_level_count_employee_before_update",
    "succession_level_count_employee_after",
    "succession_level_count_employee_after_update",
)

FORWARD = (
    "".join(f"DROP TRIGGER {name} ON employees_employee;\n" for name in ROW_TRIGGERS)
    + "DROP FUNCTION succession_level_count_employee();\n"
    + FUNCTION
    + "".join(
        f"CREATE TRIGGER succession_level_count_people_{event.lower()}\n"
        f"    AFTER {event} ON employees_employee {referencing}\n"
        "    FOR EACH STATEMENT EXECUTE FUNCTION succession_level_count_people();\n"
        for event, referencing in EVENTS
    )
    + "SELECT succession_level_count_rebuild();\n"
)

# Backward: the row triggers of 0011, as they were.
PERSON_CHANGED = """
    (OLD.current_role_id, OLD.department_id, OLD.status, OLD.id)
    IS DISTINCT FROM (NEW.current_role_id, NEW.department_id, NEW.status, NEW.id)
"""

BACKWARD = (
    "".join(
        f"DROP TRIGGER IF EXISTS succession_level_count_people_{event.lower()}"
        " ON employees_employee;\n"
        for event, _referencing in EVENTS
    )
    + "DROP FUNCTION IF EXISTS succession_level_count_people();\n"
    + f"""
CREATE FUNCTION succession_level_count_employee() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_WHEN = 'BEFORE' THEN
        PERFORM succession_level_count_live(OLD.id, NULL, -1);
        PERFORM succession_level_count_reviews(OLD.id, NULL, NULL, -1);
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    PERFORM succession_level_count_live(NEW.id, NULL, 1);
    PERFORM succession_level_count_reviews(NEW.id, NULL, NULL, 1);
    RETURN NEW;
END
$$;
CREATE TRIGGER succession_level_count_employee_before
    BEFORE DELETE ON employees_employee
    FOR EACH ROW EXECUTE FUNCTION succession_level_count_employee();
CREATE TRIGGER succession_level_count_employee_before_update
    BEFORE UPDATE ON employees_employee
    FOR EACH ROW WHEN ({PERSON_CHANGED}) EXECUTE FUNCTION succession_level_count_employee();
CREATE TRIGGER succession_level_count_employee_after
    AFTER INSERT ON employees_employee
    FOR EACH ROW EXECUTE FUNCTION succession_level_count_employee();
CREATE TRIGGER succession_level_count_employee_after_update
    AFTER UPDATE ON employees_employee
    FOR EACH ROW WHEN ({PERSON_CHANGED}) EXECUTE FUNCTION succession_level_count_employee();
SELECT succession_level_count_rebuild();
"""
)


class Migration(migrations.Migration):
    dependencies = [("succession", "0014_statement_rating_triggers")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
