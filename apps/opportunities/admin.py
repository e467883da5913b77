from django.contrib import admin

from apps.opportunities.models import Interest, Opportunity, OpportunitySkill, Placement


class SkillInline(admin.TabularInline):
    model = OpportunitySkill
    extra = 0
    autocomplete_fields = ("skill",)


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "status", "department", "closes_on")
    list_filter = ("kind", "status")
    search_fields = ("title",)
    inlines = [SkillInline]
    raw_id_fields = ("role", "department", "posted_by", "filled_by")


@admin.register(Interest)
class InterestAdmin(admin.ModelAdmin):
    list_display = ("employee", "opportunity", "status", "tell_manager", "created_at")
    list_filter = ("status",)
    raw_id_fields = ("employee", "opportunity")


@admin.register(Placement)
class PlacementAdmin(admin.ModelAdmin):
    list_display = ("employee", "opportunity", "from_role", "to_role", "at")
    raw_id_fields = ("employee", "opportunity", "from_role", "to_role", "filled_by")
