from django.urls import path

from closeknit.appreciation import views

app_name = "appreciation"

urlpatterns = [
    path("", views.index, name="index"),
    path("notes/", views.notes, name="notes"),
    path("notes/new/", views.note_new, name="note_new"),
    path("notes/<id:note_id>/", views.note_detail, name="note_detail"),
    path("notes/<id:note_id>/keep/", views.note_keep, name="note_keep"),
    path("notes/<id:note_id>/react/", views.note_react, name="note_react"),
    path("notes/<id:note_id>/reply/", views.note_reply, name="note_reply"),
    path("noticed/", views.noticed, name="noticed"),
    path("noticed/<id:entry_id>/share/", views.noticed_share, name="noticed_share"),
    path("noticed/<id:entry_id>/delete/", views.noticed_delete, name="noticed_delete"),
    path("cared-for/", views.care, name="care"),
    path("ideas/", views.ideas, name="ideas"),
]
