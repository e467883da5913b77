"""How many of each person's skill ratings wait for a manager's review, kept by triggers.

"Ratings to review" counts, for a whole sub-tree, the self-ratings newer than the manager's
(queries.ratings_to_review). Counting them in ``employees_skillrating`` read every rating of
the sub-tree (~65k rows for the organisation) on each request; ``dashboards_ratings_waiting``
holds one number per person with any waiting, so the count is a sum over the sub-tree.

Statement triggers add what each statement changed (its transition tables: rows that start
or stop waiting), so a bulk create, an import, a queryset update or a cascade keeps it exact,
and since additions commute, so do concurrent writes. A person's row may hold 0. The
predicate is the one of ``skill_rating_to_review`` (employees migration 0006).
"""

from django.db import migrations

WAITING = """
    r.self_level IS NOT NULL
    AND (r.manager_rated_at IS NULL OR r.self_rated_at > r.manager_rated_at)
"""

def _changes(rows: str, sign: str) -> str:
    """Per person, how many waiting ratings ``rows`` (a transition table) adds or takes away."""
    return f"SELECT r.employee_id, {sign}count(*) FROM {rows} r WHERE {WAITING} GROUP BY 1"


def _apply(changes: str) -> str:
    """Add the changes to the counts. Adding commutes, so concurrent writes stay exact."""
    return f"""
        INSERT INTO dashboards_ratings_waiting AS w (employee_id, waiting)
        SELECT employee_id, sum(n) FROM ({changes}) AS changes (employee_id, n)
         GROUP BY employee_id HAVING sum(n) <> 0
        ON CONFLICT (employee_id) DO UPDATE SET waiting = w.waiting + EXCLUDED.waiting;
    """


FORWARD = f"""
CREATE TABLE dashboards_ratings_waiting (
    employee_id bigint PRIMARY KEY,
    waiting integer NOT NULL
);

CREATE FUNCTION dashboards_count_ratings_waiting() RETURNS trigger AS $$
BEGIN
    -- Only the branch of this statement's kind runs, so each names only the transition
    -- tables its trigger has.
    IF TG_OP = 'INSERT' THEN
        {_apply(_changes("new_rows", ""))}
    ELSIF TG_OP = 'UPDATE' THEN
        {_apply(_changes("new_rows", "") + " UNION ALL " + _changes("old_rows", "-"))}
    ELSE
        {_apply(_changes("old_rows", "-"))}
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION dashboards_forget_ratings_waiting() RETURNS trigger AS $$
BEGIN
    TRUNCATE dashboards_ratings_waiting;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER dashboards_ratings_waiting_insert AFTER INSERT ON employees_skillrating
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION dashboards_count_ratings_waiting();
CREATE TRIGGER dashboards_ratings_waiting_update AFTER UPDATE ON employees_skillrating
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION dashboards_count_ratings_waiting();
CREATE TRIGGER dashboards_ratings_waiting_delete AFTER DELETE ON employees_skillrating
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION dashboards_count_ratings_waiting();
CREATE TRIGGER dashboards_ratings_waiting_truncate AFTER TRUNCATE ON employees_skillrating
    FOR EACH STATEMENT EXECUTE FUNCTION dashboards_forget_ratings_waiting();

INSERT INTO dashboards_ratings_waiting (employee_id, waiting)
SELECT r.employee_id, count(*) FROM employees_skillrating r WHERE {WAITING} GROUP BY 1;
"""

BACKWARD = """
DROP TRIGGER IF EXISTS dashboards_ratings_waiting_insert ON employees_skillrating;
DROP TRIGGER IF EXISTS dashboards_ratings_waiting_update ON employees_skillrating;
DROP TRIGGER IF EXISTS dashboards_ratings_waiting_delete ON employees_skillrating;
DROP TRIGGER IF EXISTS dashboards_ratings_waiting_truncate ON employees_skillrating;
DROP FUNCTION IF EXISTS dashboards_forget_ratings_waiting();
DROP FUNCTION IF EXISTS dashboards_count_ratings_waiting();
DROP TABLE IF EXISTS dashboards_ratings_waiting;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("dashboards", "0001_map_health"),
        ("employees", "0007_review_indexes"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
