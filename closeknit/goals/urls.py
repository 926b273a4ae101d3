from django.urls import path

from closeknit.goals import views, views_someday

app_name = "goals"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("celebrations/clear/", views.celebrations_clear, name="celebrations_clear"),
    path("<id:goal_id>/", views.detail, name="detail"),
    path("<id:goal_id>/edit/", views.update, name="update"),
    path("<id:goal_id>/status/", views.set_status, name="status"),
    path("<id:goal_id>/share/", views.share, name="share"),
    path("<id:goal_id>/delete/", views.delete, name="delete"),
    path("<id:goal_id>/steps/", views.milestone_add, name="milestone_add"),
    path("<id:goal_id>/cheer/", views.cheer, name="cheer"),
    path("steps/<id:milestone_id>/edit/", views.milestone_update, name="milestone_update"),
    path("steps/<id:milestone_id>/done/", views.milestone_toggle, name="milestone_toggle"),
    path("steps/<id:milestone_id>/delete/", views.milestone_delete, name="milestone_delete"),
    path("dreams/", views_someday.dreams, name="dreams"),
    path("dreams/notes/", views_someday.dream_note_add, name="dream_note_add"),
    path(
        "dreams/notes/<id:note_id>/edit/",
        views_someday.dream_note_update,
        name="dream_note_update",
    ),
    path(
        "dreams/notes/<id:note_id>/delete/",
        views_someday.dream_note_delete,
        name="dream_note_delete",
    ),
    path("someday/", views_someday.someday_page, name="someday"),
    path("someday/add/", views_someday.someday_add, name="someday_add"),
    path("someday/<id:item_id>/edit/", views_someday.someday_update, name="someday_update"),
    path("someday/<id:item_id>/done/", views_someday.someday_done, name="someday_done"),
    path("someday/<id:item_id>/archive/", views_someday.someday_archive, name="someday_archive"),
    path("someday/<id:item_id>/move/", views_someday.someday_move, name="someday_move"),
    path("someday/<id:item_id>/delete/", views_someday.someday_delete, name="someday_delete"),
]
