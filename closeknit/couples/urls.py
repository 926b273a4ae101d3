from django.urls import path

from closeknit.couples import views

app_name = "couples"

urlpatterns = [
    path("couple/", views.couple_view, name="space"),
    path("couple/create/", views.couple_create_view, name="create"),
    path("couple/invite/", views.invite_view, name="invite"),
    path(
        "couple/invitations/<id:invitation_id>/revoke/",
        views.invitation_revoke_view,
        name="revoke",
    ),
    path("couple/leave/", views.leave_view, name="leave"),
    path("join/", views.join_view, name="join"),
    path("join/<str:token>/", views.join_link_view, name="join_link"),
]
