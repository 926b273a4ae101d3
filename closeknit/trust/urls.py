from django.urls import path

from closeknit.trust import views

app_name = "trust"

urlpatterns = [
    path("", views.index_view, name="index"),
    path("sessions/", views.sessions_view, name="sessions"),
    path("sessions/start/", views.session_start_view, name="session_start"),
    path("sessions/<id:session_id>/", views.session_view, name="session"),
    path("sessions/<id:session_id>/turn/", views.session_turn_view, name="session_turn"),
    path("sessions/<id:session_id>/pause/", views.session_pause_view, name="session_pause"),
    path("sessions/<id:session_id>/end/", views.session_end_view, name="session_end"),
    path("journal/", views.journal_view, name="journal"),
    path("journal/<id:entry_id>/", views.journal_entry_view, name="journal_entry"),
    path("journal/<id:entry_id>/edit/", views.journal_edit_view, name="journal_edit"),
    path("journal/<id:entry_id>/share/", views.journal_share_view, name="journal_share"),
    path("journal/<id:entry_id>/delete/", views.journal_delete_view, name="journal_delete"),
    path("journal/<id:entry_id>/react/", views.journal_react_view, name="journal_react"),
    path("journal/<id:entry_id>/reply/", views.journal_reply_view, name="journal_reply"),
    path("repair/", views.repair_view, name="repair"),
]
