"""SkillLevelCount and ReadyPoints follow rating writes per statement, not per row.

Migrations 0011 and 0013 recounted, for every rating row written, that person's counts and
points with a few queries each: a COPY of 160,000 ratings (the bench organisation, the demo
seed) or an import of 20,000 rows ran hundreds of thousands of small queries (~50x slower).
These AFTER ... FOR EACH STATEMENT triggers read the statement's transition tables instead:

- SkillLevelCount (live figures): each rating counts 1 in the bucket of its person's role and
  department and of its skill and levels, so a statement adds +1 per new row and -1 per old
  row, grouped, in one INSERT ... ON CONFLICT DO UPDATE. Additions commute, so concurrent
  writes stay exact (as in dashboards migration 0002). The person is read as they are when the
  trigger runs; a rating statement does not change people, and Django's cascade deletes the
  ratings before the person, so this is the person the row counted for. An unchanged row of
  an UPDATE gives +1 and -1 in the same bucket, which cancel.
- ReadyPoints: the (role, person) pairs a changed row touches (its person x every role that
  requires its skill) are recounted from the tables after the statement, in one DELETE and
  one INSERT for the whole statement; recounting is idempotent, so it still ends with a full
  recount's rows.

Transition tables are allowed only on AFTER triggers, one event per trigger, without WHEN, so
an UPDATE trigger fires for every UPDATE and leaves out the rows whose counted columns are
unchanged itself. The rebuild functions and the other triggers (history, people, reviews,
requirements) are unchanged.
"""

from django.db import migrations

RATING_COLUMNS = "manager_level, self_level, employee_id, skill_id"


def _live(rows: str, sign: str) -> str:
    """The live SkillLevelCount buckets the rows of ``rows`` count in, with ``sign``."""
    return f"""
        SELECT e.current_role_id, e.department_id, r.skill_id, r.manager_level, r.self_level,
               {sign} AS n
          FROM {rows} r
          JOIN employees_employee e ON e.id = r.employee_id
         WHERE e.status <> 'left'
    """


def _add_live(changes: str) -> str:
    """Add the changes to the live counts, in key order (concurrent statements lock alike)."""
    return f"""
        INSERT INTO succession_skilllevelcount AS t
               (review_id, role_id, department_id, skill_id, manager_level, self_level, n)
        SELECT NULL, c.role_id, c.department_id, c.skill_id, c.manager_level, c.self_level,
               sum(c.n)
          FROM ({changes}) AS c (role_id, department_id, skill_id, manager_level, self_level, n)
         GROUP BY c.role_id, c.department_id, c.skill_id, c.manager_level, c.self_level
        HAVING sum(c.n) <> 0
         ORDER BY c.role_id, c.department_id, c.skill_id, c.manager_level, c.self_level
        ON CONFLICT ON CONSTRAINT skill_level_count_key DO UPDATE SET n = t.n + EXCLUDED.n;
    """


LEVEL_COUNT = f"""
CREATE FUNCTION succession_level_count_ratings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Only the branch of this statement's kind runs, so each names only the transition
    -- tables its trigger has.
    IF TG_OP = 'INSERT' THEN
        {_add_live(_live("new_rows", "1"))}
    ELSIF TG_OP = 'UPDATE' THEN
        {_add_live(_live("new_rows", "1") + " UNION ALL " + _live("old_rows", "-1"))}
    ELSE
        {_add_live(_live("old_rows", "-1"))}
    END IF;
    RETURN NULL;
END
$$;
"""

# The gap engine's points (see migration 0013), for the (role, person) pairs in ``pairs``.
POINTS = """
    SELECT q.role_id, r.employee_id,
           sum((q.weight * f.factor * 100)::int
               * LEAST(COALESCE(r.manager_level, r.self_level, 0), q.required_level))
      FROM pairs p
      JOIN roles_rolerequirement q ON q.role_id = p.role_id
      JOIN (VALUES ('essential', 2), ('desirable', 1)) AS f (importance, factor)
        ON f.importance = q.importance
      JOIN employees_skillrating r ON r.skill_id = q.skill_id AND r.employee_id = p.employee_id
     WHERE COALESCE(r.manager_level, r.self_level, 0) > 0
     GROUP BY q.role_id, r.employee_id
"""


def _changed(first: str, second: str) -> str:
    """The rows of ``first`` that ``second`` does not hold with the same counted columns."""
    return f"""
        SELECT a.employee_id, a.skill_id FROM {first} a
         WHERE NOT EXISTS (
               SELECT FROM {second} b
                WHERE b.id = a.id AND ({", ".join(f"b.{c}" for c in RATING_COLUMNS.split(", "))})
                      IS NOT DISTINCT FROM
                      ({", ".join(f"a.{c}" for c in RATING_COLUMNS.split(", "))}))
    """


def _recount(touched: str) -> str:
    """Replace the points of every (role, person) pair the touched ratings reach."""
    pairs = f"""
        WITH pairs AS MATERIALIZED (
             SELECT DISTINCT q.role_id, t.employee_id
               FROM ({touched}) AS t (employee_id, skill_id)
               JOIN roles_rolerequirement q ON q.skill_id = t.skill_id)
    """
    return f"""
        {pairs}
        DELETE FROM succession_readypoints x USING pairs p
         WHERE x.role_id = p.role_id AND x.employee_id = p.employee_id;
        {pairs}
        INSERT INTO succession_readypoints (role_id, employee_id, points) {POINTS};
    """


READY_POINTS = f"""
CREATE FUNCTION succession_ready_points_ratings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_recount("SELECT employee_id, skill_id FROM new_rows")}
    ELSIF TG_OP = 'UPDATE' THEN
        {_recount(_changed("new_rows", "old_rows") + " UNION " + _changed("old_rows", "new_rows"))}
    ELSE
        {_recount("SELECT employee_id, skill_id FROM old_rows")}
    END IF;
    RETURN NULL;
END
$$;
"""

STATEMENT_TRIGGERS = "".join(
    f"""
CREATE TRIGGER succession_{name}_ratings_{event.lower()}
    AFTER {event} ON employees_skillrating {referencing}
    FOR EACH STATEMENT EXECUTE FUNCTION succession_{name}_ratings();
"""
    for name in ("level_count", "ready_points")
    for event, referencing in (
        ("INSERT", "REFERENCING NEW TABLE AS new_rows"),
        ("UPDATE", "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"),
        ("DELETE", "REFERENCING OLD TABLE AS old_rows"),
    )
)

ROW_TRIGGERS = (
    "succession_level_count_rating_before",
    "succession_level_count_rating_before_update",
    "succession_level_count_rating_after",
    "succession_level_count_rating_after_update",
    "succession_ready_points_rating",
    "succession_ready_points_rating_update",
)

FORWARD = (
    "".join(f"DROP TRIGGER {name} ON employees_skillrating;\n" for name in ROW_TRIGGERS)
    + "DROP FUNCTION succession_level_count_rating();\n"
    + "DROP FUNCTION succession_ready_points_rating();\n"
    + LEVEL_COUNT
    + READY_POINTS
    + STATEMENT_TRIGGERS
    # The counts were exact before; rebuilding costs one pass and guards against drift.
    + "SELECT succession_level_count_rebuild();\nSELECT succession_ready_points_rebuild();\n"
)

# Backward: the row triggers of 0011 and 0013, as they were.
RATING_CHANGED = """
    (OLD.manager_level, OLD.self_level, OLD.employee_id, OLD.skill_id)
    IS DISTINCT FROM (NEW.manager_level, NEW.self_level, NEW.employee_id, NEW.skill_id)
"""

BACKWARD = (
    "".join(
        f"DROP TRIGGER IF EXISTS succession_{name}_ratings_{event} ON employees_skillrating;\n"
        for name in ("level_count", "ready_points")
        for event in ("insert", "update", "delete")
    )
    + "DROP FUNCTION IF EXISTS succession_level_count_ratings();\n"
    + "DROP FUNCTION IF EXISTS succession_ready_points_ratings();\n"
    + """
CREATE FUNCTION succession_level_count_rating() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    sign int := CASE WHEN TG_WHEN = 'BEFORE' THEN -1 ELSE 1 END;
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM succession_level_count_live(NEW.employee_id, NEW.skill_id, sign);
        RETURN NEW;
    END IF;
    PERFORM succession_level_count_live(OLD.employee_id, OLD.skill_id, sign);
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    IF (NEW.employee_id, NEW.skill_id) IS DISTINCT FROM (OLD.employee_id, OLD.skill_id) THEN
        PERFORM succession_level_count_live(NEW.employee_id, NEW.skill_id, sign);
    END IF;
    RETURN NEW;
END
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
"""
    + f"""
CREATE TRIGGER succession_level_count_rating_before
    BEFORE DELETE ON employees_skillrating
    FOR EACH ROW EXECUTE FUNCTION succession_level_count_rating();
CREATE TRIGGER succession_level_count_rating_before_update
    BEFORE UPDATE ON employees_skillrating
    FOR EACH ROW WHEN ({RATING_CHANGED}) EXECUTE FUNCTION succession_level_count_rating();
CREATE TRIGGER succession_level_count_rating_after
    AFTER INSERT ON employees_skillrating
    FOR EACH ROW EXECUTE FUNCTION succession_level_count_rating();
CREATE TRIGGER succession_level_count_rating_after_update
    AFTER UPDATE ON employees_skillrating
    FOR EACH ROW WHEN ({RATING_CHANGED}) EXECUTE FUNCTION succession_level_count_rating();
CREATE TRIGGER succession_ready_points_rating
    AFTER INSERT OR DELETE ON employees_skillrating
    FOR EACH ROW EXECUTE FUNCTION succession_ready_points_rating();
CREATE TRIGGER succession_ready_points_rating_update
    AFTER UPDATE ON employees_skillrating
    FOR EACH ROW WHEN ({RATING_CHANGED}) EXECUTE FUNCTION succession_ready_points_rating();
SELECT succession_level_count_rebuild();
SELECT succession_ready_points_rebuild();
"""
)


class Migration(migrations.Migration):
    dependencies = [("succession", "0013_ready_points_triggers")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
