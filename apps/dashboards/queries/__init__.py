"""Reads of the manager dashboard, one module per panel; each panel is one or two SQL
statements whatever the team size. The names below are what views, forms and tests use.
"""

from apps.dashboards.queries.feed import (
    FEED_DAYS,
    FEED_ITEMS,
    Achievement,
    achievement_count,
    achievements,
    goal_achievement,
    milestone_achievement,
)
from apps.dashboards.queries.health import (
    ATTENTION_RULE,
    DUE_SOON_DAYS,
    RECOGNITION_DAYS,
    HealthPage,
    HealthRow,
    development_health,
    health_counts,
)
from apps.dashboards.queries.heatmap import (
    FilterOptions,
    GapFilter,
    Heatmap,
    Lens,
    Option,
    Shortfall,
    Sort,
    filter_options,
    gap_summary,
    heatmap,
)
from apps.dashboards.queries.paging import PER_PAGE
from apps.dashboards.queries.ratings import (
    DISAGREEMENT,
    disagreements,
    is_disagreement,
    ratings_to_review,
    ratings_to_review_count,
)
from apps.dashboards.queries.talent import HighPotentialPanel, high_potential, readiness_for_pairs

__all__ = [
    "ATTENTION_RULE",
    "DISAGREEMENT",
    "DUE_SOON_DAYS",
    "FEED_DAYS",
    "FEED_ITEMS",
    "PER_PAGE",
    "RECOGNITION_DAYS",
    "Achievement",
    "FilterOptions",
    "GapFilter",
    "HealthPage",
    "HealthRow",
    "Heatmap",
    "HighPotentialPanel",
    "Lens",
    "Option",
    "Shortfall",
    "Sort",
    "achievement_count",
    "achievements",
    "development_health",
    "disagreements",
    "filter_options",
    "gap_summary",
    "goal_achievement",
    "health_counts",
    "heatmap",
    "high_potential",
    "is_disagreement",
    "milestone_achievement",
    "ratings_to_review",
    "ratings_to_review_count",
    "readiness_for_pairs",
]
