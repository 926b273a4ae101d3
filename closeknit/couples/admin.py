from django.contrib import admin

from closeknit.couples.models import Couple, Invitation, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    readonly_fields = ["user", "joined_at", "left_at", "entries_stay"]


@admin.register(Couple)
class CoupleAdmin(admin.ModelAdmin):
    list_display = ["pk", "created_at", "ended_at", "home_timezone"]
    inlines = [MembershipInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["pk", "couple", "created_at", "expires_at", "accepted_at", "revoked_at"]
    readonly_fields = ["token_hash", "code_hash"]
