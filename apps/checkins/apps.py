from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckinsConfig(AppConfig):
    name = "apps.checkins"
    label = "checkins"

    def ready(self) -> None:
        # The map's Check-ins tab, shown only to those who may open it (access.py).
        from apps.careermaps.views.common import MapTab, add_tab
        from apps.checkins.access import can_open_checkins

        add_tab(MapTab("checkins", "checkins:index", _("Check-ins"), can_open_checkins))
