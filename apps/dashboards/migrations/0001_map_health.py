"""What development health scores a career map on, kept by triggers on every write.

Scoring a whole organisation's maps (ATTENTION_RULE) from goals, milestones and reflections
aggregated per request read ~100k rows. ``dashboards_map_health`` keeps, per map, the facts
the score needs in a form that still answers for any day: the target dates of its open goals
and the due dates of its open milestones (sorted, so ``width_bucket`` counts those before or
within a window), how many goals are achieved, and when the last reflection was written.

Triggers on the four tables refresh a map's row from scratch after every insert, update and
delete, so bulk writes, imports and cascades keep it exact (a lock on the map row orders
concurrent writers of one map); the migration fills it for the maps that exist. The row holds no reflection content, only the last date.
"""

from django.db import migrations

# GoalStatus values (apps.careermaps.models); tests.dashboards.test_map_health checks them.
OPEN = "ARRAY['not_started', 'in_progress']"
ACHIEVED = "'achieved'"

FACTS = f"""
SELECT m.id,
       COALESCE((SELECT array_agg(g.target_date ORDER BY g.target_date)
                   FROM careermaps_goal g
                  WHERE g.career_map_id = m.id AND g.status = ANY({OPEN})), '{{}}'),
       (SELECT count(*) FROM careermaps_goal g
         WHERE g.career_map_id = m.id AND g.status = {ACHIEVED}),
       COALESCE((SELECT array_agg(ms.due ORDER BY ms.due)
                   FROM careermaps_milestone ms
                   JOIN careermaps_goal g ON g.id = ms.goal_id
                  WHERE g.career_map_id = m.id AND g.status = ANY({OPEN})
                    AND ms.done_at IS NULL AND ms.due IS NOT NULL), '{{}}'),
       (SELECT max(rf.created_at) FROM careermaps_reflection rf WHERE rf.career_map_id = m.id)
  FROM careermaps_careermap m
"""

FORWARD = f"""
CREATE TABLE dashboards_map_health (
    career_map_id bigint PRIMARY KEY,
    open_goal_dates date[] NOT NULL,
    achieved_goals integer NOT NULL,
    open_milestone_dues date[] NOT NULL,
    last_reflected_at timestamptz
);

CREATE FUNCTION dashboards_refresh_map_health(map bigint) RETURNS void AS $$
BEGIN
    IF map IS NULL THEN
        RETURN;
    END IF;
    -- One writer per map at a time, until it commits: the next statement then reads (in its
    -- own snapshot, READ COMMITTED) what a concurrent writer of the same map committed, so
    -- the last to write the row counted everything. A map deleted meanwhile selects nothing
    -- here; its own trigger drops the row.
    PERFORM 1 FROM careermaps_careermap WHERE id = map FOR NO KEY UPDATE;
    INSERT INTO dashboards_map_health AS h
    {FACTS} WHERE m.id = map
    ON CONFLICT (career_map_id) DO UPDATE
       SET open_goal_dates = EXCLUDED.open_goal_dates,
           achieved_goals = EXCLUDED.achieved_goals,
           open_milestone_dues = EXCLUDED.open_milestone_dues,
           last_reflected_at = EXCLUDED.last_reflected_at;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION dashboards_map_health_of_map() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM dashboards_map_health WHERE career_map_id = OLD.id;
    ELSE
        PERFORM dashboards_refresh_map_health(NEW.id);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION dashboards_map_health_of_row() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM dashboards_refresh_map_health(OLD.career_map_id);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND (TG_OP = 'INSERT' OR NEW.career_map_id IS DISTINCT FROM OLD.career_map_id) THEN
        PERFORM dashboards_refresh_map_health(NEW.career_map_id);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION dashboards_map_health_of_milestone() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM dashboards_refresh_map_health(
            (SELECT career_map_id FROM careermaps_goal WHERE id = OLD.goal_id));
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.goal_id IS DISTINCT FROM OLD.goal_id) THEN
        PERFORM dashboards_refresh_map_health(
            (SELECT career_map_id FROM careermaps_goal WHERE id = NEW.goal_id));
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER dashboards_map_health AFTER INSERT OR DELETE
    ON careermaps_careermap FOR EACH ROW EXECUTE FUNCTION dashboards_map_health_of_map();
CREATE FUNCTION dashboards_forget_map_health() RETURNS trigger AS $$
BEGIN
    TRUNCATE dashboards_map_health;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER dashboards_map_health_truncate AFTER TRUNCATE
    ON careermaps_careermap FOR EACH STATEMENT EXECUTE FUNCTION dashboards_forget_map_health();
CREATE TRIGGER dashboards_map_health AFTER INSERT OR UPDATE OR DELETE
    ON careermaps_goal FOR EACH ROW EXECUTE FUNCTION dashboards_map_health_of_row();
CREATE TRIGGER dashboards_map_health AFTER INSERT OR UPDATE OR DELETE
    ON careermaps_reflection FOR EACH ROW EXECUTE FUNCTION dashboards_map_health_of_row();
CREATE TRIGGER dashboards_map_health AFTER INSERT OR UPDATE OR DELETE
    ON careermaps_milestone FOR EACH ROW EXECUTE FUNCTION dashboards_map_health_of_milestone();

INSERT INTO dashboards_map_health {FACTS};
"""

BACKWARD = """
DROP TRIGGER IF EXISTS dashboards_map_health ON careermaps_milestone;
DROP TRIGGER IF EXISTS dashboards_map_health ON careermaps_reflection;
DROP TRIGGER IF EXISTS dashboards_map_health ON careermaps_goal;
DROP TRIGGER IF EXISTS dashboards_map_health ON careermaps_careermap;
DROP TRIGGER IF EXISTS dashboards_map_health_truncate ON careermaps_careermap;
DROP FUNCTION IF EXISTS dashboards_forget_map_health();
DROP FUNCTION IF EXISTS dashboards_map_health_of_milestone();
DROP FUNCTION IF EXISTS dashboards_map_health_of_row();
DROP FUNCTION IF EXISTS dashboards_map_health_of_map();
DROP FUNCTION IF EXISTS dashboards_refresh_map_health(bigint);
DROP TABLE IF EXISTS dashboards_map_health;
"""


class Migration(migrations.Migration):
    dependencies = [("careermaps", "0006_dashboard_indexes")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
