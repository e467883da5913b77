"""SkillLevelCount kept correct on write by triggers, and filled from the data already there.

Ratings and people are counted a row at a time, the same way for every change: a BEFORE
trigger takes away what that person (and skill) count for now, the row changes, and an AFTER
trigger adds back what they count for then (each row is its own person or person and skill,
so the rows of one statement never disturb each other's counts). The rating history has
several rows per person and skill, so it is counted per statement (see
succession_level_count_history_delta). Every count of one person is read from the same tables
the report used to read in full, so whatever the change (ORM save, queryset update, bulk
insert, raw SQL, a delete done by Django's cascade), the sums stay those of a full recount;
tests/succession/test_skill_level_count.py checks each write path against
``succession_level_count_rebuild()``.

A review's figures are the ratings in force at the start of the day after it closes
(``closes_on + 1``, the old report's cut): for each person, skill and source (manager, self),
the last history row before the cut, ordered by ``rated_at`` then ``id``. A history row only
matters to the reviews whose cut lies after it, so adding today's ratings touches only the
reviews still to close: a closed review's figures move only when people change role,
department or status (the trend counts people in their roles of today), or when history is
back-dated. The levels are stored as given (manager's and self, NULL when there is none):
which of them counts is the gap engine's business, at read time.
"""

from django.db import migrations

FUNCTIONS = """
CREATE FUNCTION succession_level_count_live(p_employee bigint, p_skill bigint, p_sign int)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO succession_skilllevelcount AS t
           (review_id, role_id, department_id, skill_id, manager_level, self_level, n)
    SELECT NULL, e.current_role_id, e.department_id, r.skill_id, r.manager_level,
           r.self_level, p_sign * count(*)
      FROM employees_skillrating r
      JOIN employees_employee e ON e.id = r.employee_id
     WHERE r.employee_id = p_employee AND (p_skill IS NULL OR r.skill_id = p_skill)
       AND e.status <> 'left'
     GROUP BY e.current_role_id, e.department_id, r.skill_id, r.manager_level, r.self_level
    ON CONFLICT ON CONSTRAINT skill_level_count_key DO UPDATE SET n = t.n + EXCLUDED.n;
END
$$;

-- p_since: only the reviews whose cut is after it (NULL: every review).
CREATE FUNCTION succession_level_count_reviews(
    p_employee bigint, p_skill bigint, p_since timestamptz, p_sign int
) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO succession_skilllevelcount AS t
           (review_id, role_id, department_id, skill_id, manager_level, self_level, n)
    SELECT a.review_id, e.current_role_id, e.department_id, a.skill_id, a.manager_level,
           a.self_level, p_sign * count(*)
      FROM (SELECT f.review_id, f.skill_id,
                   max(f.level) FILTER (WHERE f.source = 'manager') AS manager_level,
                   max(f.level) FILTER (WHERE f.source = 'self') AS self_level
              FROM (SELECT DISTINCT ON (c.id, h.skill_id, h.source)
                           c.id AS review_id, h.skill_id, h.source, h.level
                      FROM succession_talentreview c
                      JOIN employees_skillratinghistory h
                        ON h.employee_id = p_employee AND h.rated_at < c.closes_on + 1
                     WHERE (p_skill IS NULL OR h.skill_id = p_skill)
                       AND h.source IN ('manager', 'self')
                       AND (p_since IS NULL OR c.closes_on + 1 > p_since)
                     ORDER BY c.id, h.skill_id, h.source, h.rated_at DESC, h.id DESC) f
             GROUP BY f.review_id, f.skill_id) a
      JOIN employees_employee e ON e.id = p_employee
     WHERE e.status <> 'left'
     GROUP BY a.review_id, e.current_role_id, e.department_id, a.skill_id, a.manager_level,
              a.self_level
    ON CONFLICT ON CONSTRAINT skill_level_count_key DO UPDATE SET n = t.n + EXCLUDED.n;
END
$$;

-- One review for everybody (a new review, a changed closing date): one pass over the history.
CREATE FUNCTION succession_level_count_review(p_review bigint)
RETURNS void LANGUAGE sql AS $$
    DELETE FROM succession_skilllevelcount WHERE review_id = p_review;
    INSERT INTO succession_skilllevelcount
           (review_id, role_id, department_id, skill_id, manager_level, self_level, n)
    SELECT p_review, e.current_role_id, e.department_id, a.skill_id, a.manager_level,
           a.self_level, count(*)
      FROM (SELECT f.employee_id, f.skill_id,
                   max(f.level) FILTER (WHERE f.source = 'manager') AS manager_level,
                   max(f.level) FILTER (WHERE f.source = 'self') AS self_level
              FROM (SELECT DISTINCT ON (h.employee_id, h.skill_id, h.source)
                           h.employee_id, h.skill_id, h.source, h.level
                      FROM succession_talentreview c
                      JOIN employees_skillratinghistory h ON h.rated_at < c.closes_on + 1
                     WHERE c.id = p_review AND h.source IN ('manager', 'self')
                     ORDER BY h.employee_id, h.skill_id, h.source, h.rated_at DESC, h.id DESC) f
             GROUP BY f.employee_id, f.skill_id) a
      JOIN employees_employee e ON e.id = a.employee_id
     WHERE e.status <> 'left'
     GROUP BY e.current_role_id, e.department_id, a.skill_id, a.manager_level, a.self_level
$$;

-- Everything from scratch: the migration's fill, and what the tests compare the triggers to.
CREATE FUNCTION succession_level_count_rebuild()
RETURNS void LANGUAGE sql AS $$
    DELETE FROM succession_skilllevelcount;
    INSERT INTO succession_skilllevelcount
           (review_id, role_id, department_id, skill_id, manager_level, self_level, n)
    SELECT NULL, e.current_role_id, e.department_id, r.skill_id, r.manager_level,
           r.self_level, count(*)
      FROM employees_skillrating r
      JOIN employees_employee e ON e.id = r.employee_id
     WHERE e.status <> 'left'
     GROUP BY e.current_role_id, e.department_id, r.skill_id, r.manager_level, r.self_level;
    SELECT succession_level_count_review(id) FROM succession_talentreview;
$$;

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

-- The history changes many rows of one person and skill in one statement (a bulk insert, a
-- cascade), so it is counted per statement: for each (person, skill) touched, what the rows
-- before the statement counted (the table without the new rows, with the old ones) is taken
-- away and what the rows after it count is added. Only reviews whose cut is after the
-- earliest moment touched can differ.
CREATE FUNCTION succession_level_count_history_delta(
    p_new employees_skillratinghistory[], p_old employees_skillratinghistory[]
) RETURNS void LANGUAGE sql AS $$
    WITH changed AS (
        SELECT id, employee_id, skill_id, rated_at FROM unnest(p_new)
        UNION ALL
        SELECT id, employee_id, skill_id, rated_at FROM unnest(p_old)
    ),
    pair AS (
        SELECT employee_id, skill_id, min(rated_at) AS since
          FROM changed GROUP BY employee_id, skill_id
    ),
    now_rows AS (
        SELECT h.id, h.employee_id, h.skill_id, h.source, h.level, h.rated_at
          FROM employees_skillratinghistory h
          JOIN pair p ON p.employee_id = h.employee_id AND p.skill_id = h.skill_id
    ),
    state AS (
        SELECT 1 AS sign, r.* FROM now_rows r
        UNION ALL
        SELECT -1, r.* FROM now_rows r WHERE r.id NOT IN (SELECT id FROM unnest(p_new))
        UNION ALL
        SELECT -1, o.id, o.employee_id, o.skill_id, o.source, o.level, o.rated_at
          FROM unnest(p_old) o
    ),
    in_force AS (
        SELECT DISTINCT ON (s.sign, c.id, s.employee_id, s.skill_id, s.source)
               s.sign, c.id AS review_id, s.employee_id, s.skill_id, s.source, s.level
          FROM state s
          JOIN pair p ON p.employee_id = s.employee_id AND p.skill_id = s.skill_id
          JOIN succession_talentreview c
            ON c.closes_on + 1 > p.since AND s.rated_at < c.closes_on + 1
         WHERE s.source IN ('manager', 'self')
         ORDER BY s.sign, c.id, s.employee_id, s.skill_id, s.source, s.rated_at DESC,
                  s.id DESC
    ),
    levels AS (
        SELECT sign, review_id, employee_id, skill_id,
               max(level) FILTER (WHERE source = 'manager') AS manager_level,
               max(level) FILTER (WHERE source = 'self') AS self_level
          FROM in_force
         GROUP BY sign, review_id, employee_id, skill_id
    )
    INSERT INTO succession_skilllevelcount AS t
           (review_id, role_id, department_id, skill_id, manager_level, self_level, n)
    SELECT l.review_id, e.current_role_id, e.department_id, l.skill_id, l.manager_level,
           l.self_level, sum(l.sign)
      FROM levels l
      JOIN employees_employee e ON e.id = l.employee_id
     WHERE e.status <> 'left'
     GROUP BY l.review_id, e.current_role_id, e.department_id, l.skill_id, l.manager_level,
              l.self_level
    HAVING sum(l.sign) <> 0
    ON CONFLICT ON CONSTRAINT skill_level_count_key DO UPDATE SET n = t.n + EXCLUDED.n
$$;

CREATE FUNCTION succession_level_count_history() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    added employees_skillratinghistory[] := '{}';
    removed employees_skillratinghistory[] := '{}';
BEGIN
    IF TG_OP <> 'DELETE' THEN
        SELECT COALESCE(array_agg(n::employees_skillratinghistory), '{}') INTO added
          FROM new_rows n;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        SELECT COALESCE(array_agg(o::employees_skillratinghistory), '{}') INTO removed
          FROM old_rows o;
    END IF;
    PERFORM succession_level_count_history_delta(added, removed);
    RETURN NULL;
END
$$;

-- BEFORE: the person as they are (OLD); AFTER: as they now are (NEW).
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

CREATE FUNCTION succession_level_count_talentreview() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM succession_skilllevelcount WHERE review_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM succession_level_count_review(NEW.id);
    END IF;
    RETURN NULL;
END
$$;
"""

RATING_CHANGED = """
    (OLD.manager_level, OLD.self_level, OLD.employee_id, OLD.skill_id)
    IS DISTINCT FROM (NEW.manager_level, NEW.self_level, NEW.employee_id, NEW.skill_id)
"""
PERSON_CHANGED = """
    (OLD.current_role_id, OLD.department_id, OLD.status, OLD.id)
    IS DISTINCT FROM (NEW.current_role_id, NEW.department_id, NEW.status, NEW.id)
"""

TRIGGERS = f"""
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

CREATE TRIGGER succession_level_count_history_insert
    AFTER INSERT ON employees_skillratinghistory REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION succession_level_count_history();
CREATE TRIGGER succession_level_count_history_update
    AFTER UPDATE ON employees_skillratinghistory
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION succession_level_count_history();
CREATE TRIGGER succession_level_count_history_delete
    AFTER DELETE ON employees_skillratinghistory REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION succession_level_count_history();

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

CREATE TRIGGER succession_level_count_talentreview
    AFTER INSERT OR DELETE ON succession_talentreview
    FOR EACH ROW EXECUTE FUNCTION succession_level_count_talentreview();
CREATE TRIGGER succession_level_count_talentreview_update
    AFTER UPDATE ON succession_talentreview
    FOR EACH ROW WHEN ((OLD.closes_on, OLD.id) IS DISTINCT FROM (NEW.closes_on, NEW.id))
    EXECUTE FUNCTION succession_level_count_talentreview();

SELECT succession_level_count_rebuild();
ANALYZE succession_skilllevelcount;
"""

TABLES = {
    "employees_skillrating": ("rating", ["", "_update"]),
    "employees_employee": ("employee", ["", "_update"]),
}

BACKWARD = (
    "".join(
        f"DROP TRIGGER IF EXISTS succession_level_count_{name}_{when}{suffix} ON {table};\n"
        for table, (name, suffixes) in TABLES.items()
        for when in ("before", "after")
        for suffix in suffixes
    )
    + "".join(
        f"DROP TRIGGER IF EXISTS succession_level_count_history_{event}"
        " ON employees_skillratinghistory;\n"
        for event in ("insert", "update", "delete")
    )
    + "DROP TRIGGER IF EXISTS succession_level_count_talentreview ON succession_talentreview;\n"
    + "DROP TRIGGER IF EXISTS succession_level_count_talentreview_update"
    + " ON succession_talentreview;\n"
    + "".join(
        f"DROP FUNCTION IF EXISTS succession_level_count_{name};\n"
        for name in (
            "live",
            "reviews",
            "review",
            "rebuild",
            "rating",
            "history",
            "history_delta",
            "employee",
            "talentreview",
        )
    )
)


class Migration(migrations.Migration):
    dependencies = [
        ("employees", "0006_dashboard_indexes"),
        ("succession", "0010_skill_level_count"),
    ]

    operations = [migrations.RunSQL(FUNCTIONS + TRIGGERS, BACKWARD)]
