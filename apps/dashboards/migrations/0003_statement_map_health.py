"""The map-health triggers of 0001, once per statement instead of once per row.

A row trigger refreshed a map's row for each goal, milestone or reflection written, with a
plan PL/pgSQL cached on its first call. Seeding 20,000 maps in bulk made that quadratic: the
plan was made while the tables were still empty (a sequential scan), and the bench
organisation's build spent 17 minutes in it. Here each statement collects the maps its rows
touch (its transition tables) and refreshes them in one upsert planned for that statement,
locking the maps in id order first, so concurrent writers of one map still serialise as before.
"""

from importlib import import_module

from django.db import migrations

FIRST = import_module("apps.dashboards.migrations.0001_map_health")  # a name import cannot spell
FACTS = FIRST.FACTS


def _first_row_triggers() -> str:
    """0001's row functions and triggers (not its table, fill or TRUNCATE trigger, which stay)."""
    sql = FIRST.FORWARD
    start = sql.index("CREATE FUNCTION dashboards_refresh_map_health")
    truncate = sql.index("CREATE FUNCTION dashboards_forget_map_health")
    rows = sql.index("CREATE TRIGGER dashboards_map_health AFTER INSERT OR UPDATE OR DELETE")
    end = sql.rindex("INSERT INTO dashboards_map_health")
    return sql[start:truncate] + sql[rows:end]

REFRESH = f"""
CREATE FUNCTION dashboards_refresh_map_health_of(maps bigint[]) RETURNS void AS $$
BEGIN
    IF maps IS NULL OR cardinality(maps) = 0 THEN
        RETURN;
    END IF;
    -- As in 0001: one writer per map until it commits (in id order, so no deadlock between
    -- two statements touching the same maps); a map deleted meanwhile selects nothing.
    -- EXECUTE plans each statement afresh: a plan PL/pgSQL cached while the tables were
    -- small (a bulk load's first statements) would scan every goal for every map later.
    EXECUTE 'SELECT 1 FROM careermaps_careermap WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE'
      USING maps;
    EXECUTE $facts$
    INSERT INTO dashboards_map_health AS h
    {FACTS} WHERE m.id = ANY($1)
    ON CONFLICT (career_map_id) DO UPDATE
       SET open_goal_dates = EXCLUDED.open_goal_dates,
           achieved_goals = EXCLUDED.achieved_goals,
           open_milestone_dues = EXCLUDED.open_milestone_dues,
           last_reflected_at = EXCLUDED.last_reflected_at
    $facts$ USING maps;
END;
$$ LANGUAGE plpgsql;
"""


def _function(name: str, maps: str) -> str:
    """A statement trigger function refreshing the maps the query ``maps`` selects."""
    return f"""
CREATE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
    PERFORM dashboards_refresh_map_health_of(ARRAY(SELECT DISTINCT id FROM ({maps}) AS t (id)
                                                    WHERE id IS NOT NULL));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""


# The transition tables each event has: INSERT new rows, DELETE old ones, UPDATE both.
EVENTS = {
    "insert": ("REFERENCING NEW TABLE AS new_rows", ("new_rows",)),
    "update": ("REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows", ("old_rows", "new_rows")),
    "delete": ("REFERENCING OLD TABLE AS old_rows", ("old_rows",)),
}


def _maps_of_rows(tables: tuple[str, ...]) -> str:
    return " UNION ALL ".join(f"SELECT career_map_id FROM {t}" for t in tables)


def _maps_of_milestones(tables: tuple[str, ...]) -> str:
    rows = " UNION ALL ".join(f"SELECT goal_id FROM {t}" for t in tables)
    return f"SELECT g.career_map_id FROM careermaps_goal g WHERE g.id IN ({rows})"


def _triggers(table: str, prefix: str, maps: object) -> str:
    """A function and a trigger per event on ``table``; ``maps`` gives the maps' query."""
    sql = []
    for event, (referencing, tables) in EVENTS.items():
        function = f"{prefix}_{event}"
        sql.append(_function(function, maps(tables)))  # type: ignore[operator]
        sql.append(
            f"CREATE TRIGGER dashboards_map_health_{event} AFTER {event.upper()} ON {table} "
            f"{referencing} FOR EACH STATEMENT EXECUTE FUNCTION {function}();"
        )
    return "\n".join(sql)


ROW_TRIGGERS = ("careermaps_goal", "careermaps_reflection", "careermaps_milestone")

FORWARD = "\n".join(
    [
        *(f"DROP TRIGGER dashboards_map_health ON {table};" for table in ROW_TRIGGERS),
        "DROP TRIGGER dashboards_map_health ON careermaps_careermap;",
        "DROP FUNCTION dashboards_map_health_of_row();",
        "DROP FUNCTION dashboards_map_health_of_milestone();",
        "DROP FUNCTION dashboards_map_health_of_map();",
        "DROP FUNCTION dashboards_refresh_map_health(bigint);",
        REFRESH,
        _triggers("careermaps_goal", "dashboards_map_health_goal", _maps_of_rows),
        _triggers("careermaps_reflection", "dashboards_map_health_reflection", _maps_of_rows),
        _triggers("careermaps_milestone", "dashboards_map_health_milestone", _maps_of_milestones),
        _function("dashboards_map_health_map_insert", "SELECT id FROM new_rows"),
        """CREATE TRIGGER dashboards_map_health_insert AFTER INSERT ON careermaps_careermap
               REFERENCING NEW TABLE AS new_rows
               FOR EACH STATEMENT EXECUTE FUNCTION dashboards_map_health_map_insert();""",
        """CREATE FUNCTION dashboards_map_health_map_delete() RETURNS trigger AS $$
           BEGIN
               DELETE FROM dashboards_map_health WHERE career_map_id IN (SELECT id FROM old_rows);
               RETURN NULL;
           END;
           $$ LANGUAGE plpgsql;""",
        """CREATE TRIGGER dashboards_map_health_delete AFTER DELETE ON careermaps_careermap
               REFERENCING OLD TABLE AS old_rows
               FOR EACH STATEMENT EXECUTE FUNCTION dashboards_map_health_map_delete();""",
    ]
)

BACKWARD = "\n".join(
    [
        *(
            f"DROP TRIGGER IF EXISTS dashboards_map_health_{event} ON {table};"
            for table in (*ROW_TRIGGERS, "careermaps_careermap")
            for event in EVENTS
        ),
        *(
            f"DROP FUNCTION IF EXISTS dashboards_map_health_{kind}_{event}();"
            for kind in ("goal", "reflection", "milestone")
            for event in EVENTS
        ),
        "DROP FUNCTION IF EXISTS dashboards_map_health_map_insert();",
        "DROP FUNCTION IF EXISTS dashboards_map_health_map_delete();",
        "DROP FUNCTION IF EXISTS dashboards_refresh_map_health_of(bigint[]);",
        _first_row_triggers(),
    ]
)


class Migration(migrations.Migration):
    dependencies = [("dashboards", "0002_ratings_waiting")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
