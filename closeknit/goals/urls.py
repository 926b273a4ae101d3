from django.urls import path

from closeknit.goals import views, views_someday

app_name = "goals"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("celebrations/clear/", views.celebrations_clear, name="celebrations_clear"),
    path("<int:goal_id>/", views.detail, name="detail"),
    path("<int:goal_id>/edit/", views.update, name="update"),
    path("<int:goal_id>/status/", views.set_status, name="status"),
    path("<int:goal_id>/share/", views.share, name="share"),
    path("<int:goal_id>/delete/", views.delete, name="delete"),
    path("<int:goal_id>/steps/", views.milestone_add, name="milestone_add"),
    path("<int:goal_id>/cheer/", views.cheer, name="cheer"),
    path("steps/<int:milestone_id>/edit/", views.milestone_update, name="milestone_update"),
    path("steps/<int:milestone_id>/done/", views.milestone_toggle, name="milestone_toggle"),
    path("steps/<int:milestone_id>/delete/", views.milestone_delete, name="milestone_delete"),
    path("dreams/", views_someday.dreams, name="dreams"),
    path("dreams/notes/", views_someday.dream_note_add, name="dream_note_add"),
    path(
        "dreams/notes/<int:note_id>/edit/",
        views_someday.dream_note_update,
        name="dream_note_update",
    ),
    path(
        "dreams/notes/<int:note_id>/delete/",
        views_someday.dream_note_delete,
        name="dream_note_delete",
    ),
    path("someday/", views_someday.someday_page, name="someday"),
    path("someday/add/", views_someday.someday_add, name="someday_add"),
    path("someday/<int:item_id>/edit/", views_someday.someday_update, name="someday_update"),
    path("someday/<int:item_id>/done/", views_someday.someday_done, name="someday_done"),
    path("someday/<int:item_id>/archive/", views_someday.someday_archive, name="someday_archive"),
    path("someday/<int:item_id>/move/", views_someday.someday_move, name="someday_move"),
    path("someday/<int:item_id>/delete/", views_someday.someday_delete, name="someday_delete"),
]
