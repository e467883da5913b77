"""ReadyPoints kept correct on write by triggers, and filled from the ratings already there.

A person's points for a role depend only on their own ratings of the role's skills and on the
role's requirements, so each trigger simply recounts the (role, person) pairs a changed row
touches, from the tables as they are after the statement, and replaces their rows: doing it
twice gives the same rows, so a statement that changes several rows of one person or role
(a bulk update, a cascade) still ends with exactly a full recount's rows. A rating touches its
person x every role that requires its skill; a requirement, its whole role.

The points are the gap engine's (apps.employees.gaps.ready_at_least_cte): (100 x weight x
importance multiplier)::int x the lower of the current level (manager's, else self, else 0)
and the required level, summed over the ratings above 0. The multipliers are those of
apps.roles.models.IMPORTANCE_MULTIPLIER (essential 2, desirable 1); should either change, a new
migration must replace these functions: tests/succession/test_report_sql_unchanged.py sets
the stored points against the engine's own SQL on random organisations and would fail.
"""

from django.db import migrations

POINTS = """
    SELECT q.role_id, r.employee_id,
           sum((q.weight * f.factor * 100)::int
               * LEAST(COALESCE(r.manager_level, r.self_level, 0), q.required_level))
      FROM roles_rolerequirement q
      JOIN (VALUES ('essential', 2), ('desirable', 1)) AS f (importance, factor)
        ON f.importance = q.importance
      JOIN employees_skillrating r ON r.skill_id = q.skill_id
     WHERE COALESCE(r.manager_level, r.self_level, 0) > 0
"""

FORWARD = f"""
CREATE FUNCTION succession_ready_points_person(p_employee bigint, p_skill bigint)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM succession_readypoints
     WHERE employee_id = p_employee
       AND role_id IN (SELECT role_id FROM roles_rolerequirement WHERE skill_id = p_skill);
    INSERT INTO succession_readypoints (role_id, employee_id, points)
    {POINTS}
       AND r.employee_id = p_employee
       AND q.role_id IN (SELECT role_id FROM roles_rolerequirement WHERE skill_id = p_skill)
     GROUP BY q.role_id, r.employee_id;
END
$$;

CREATE FUNCTION succession_ready_points_role(p_role bigint)
RETURNS void LANGUAGE sql AS $$
    DELETE FROM succession_readypoints WHERE role_id = p_role;
    INSERT INTO succession_readypoints (role_id, employee_id, points)
    {POINTS}
       AND q.role_id = p_role
     GROUP BY q.role_id, r.employee_id;
$$;

-- Everything from scratch: the migration's fill, and what the tests compare the triggers to.
CREATE FUNCTION succession_ready_points_rebuild()
RETURNS void LANGUAGE sql AS $$
    DELETE FROM succession_readypoints;
    INSERT INTO succession_readypoints (role_id, employee_id, points)
    {POINTS}
     GROUP BY q.role_id, r.employee_id;
$$;

CREATE FUNCTION succession_ready_points_rating() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM succession_ready_points_person(OLD.employee_id, OLD.skill_id);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM succession_ready_points_person(NEW.employee_id, NEW.skill_id);
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION succession_ready_points_requirement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM succession_ready_points_role(OLD.role_id);
    END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.role_id <> OLD.role_id) THEN
        PERFORM succession_ready_points_role(NEW.role_id);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER succession_ready_points_rating
    AFTER INSERT OR DELETE ON employees_skillrating
    FOR EACH ROW EXECUTE FUNCTION succession_ready_points_rating();
CREATE TRIGGER succession_ready_points_rating_update
    AFTER UPDATE ON employees_skillrating
    FOR EACH ROW WHEN (
        (OLD.manager_level, OLD.self_level, OLD.employee_id, OLD.skill_id)
        IS DISTINCT FROM (NEW.manager_level, NEW.self_level, NEW.employee_id, NEW.skill_id)
    ) EXECUTE FUNCTION succession_ready_points_rating();
CREATE TRIGGER succession_ready_points_requirement
    AFTER INSERT OR DELETE ON roles_rolerequirement
    FOR EACH ROW EXECUTE FUNCTION succession_ready_points_requirement();
CREATE TRIGGER succession_ready_points_requirement_update
    AFTER UPDATE ON roles_rolerequirement
    FOR EACH ROW WHEN (
        (OLD.role_id, OLD.skill_id, OLD.required_level, OLD.importance, OLD.weight)
        IS DISTINCT FROM (NEW.role_id, NEW.skill_id, NEW.required_level, NEW.importance,
                          NEW.weight)
    ) EXECUTE FUNCTION succession_ready_points_requirement();

SELECT succession_ready_points_rebuild();
ANALYZE succession_readypoints;
"""

BACKWARD = """
DROP TRIGGER IF EXISTS succession_ready_points_rating ON employees_skillrating;
DROP TRIGGER IF EXISTS succession_ready_points_rating_update ON employees_skillrating;
DROP TRIGGER IF EXISTS succession_ready_points_requirement ON roles_rolerequirement;
DROP TRIGGER IF EXISTS succession_ready_points_requirement_update ON roles_rolerequirement;
DROP FUNCTION IF EXISTS succession_ready_points_rating;
DROP FUNCTION IF EXISTS succession_ready_points_requirement;
DROP FUNCTION IF EXISTS succession_ready_points_rebuild;
DROP FUNCTION IF EXISTS succession_ready_points_role;
DROP FUNCTION IF EXISTS succession_ready_points_person;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("employees", "0006_dashboard_indexes"),
        ("roles", "0005_updated_at"),
        ("succession", "0012_ready_points"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
