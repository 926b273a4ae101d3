from django.urls import path

from closeknit.dates.views import ideas, planning, tools

app_name = "dates"

urlpatterns = [
    path("", ideas.index, name="index"),
    path("ideas/", ideas.idea_list, name="ideas"),
    path("ideas/surprise/", ideas.idea_surprise, name="surprise"),
    path("ideas/<slug:idea_id>/", ideas.idea_detail, name="idea"),
    path("ideas/<slug:idea_id>/like/", ideas.idea_like, name="like"),
    path("dates/", planning.date_list, name="dates"),
    path("dates/new/", planning.date_new, name="date_new"),
    path("dates/<id:date_id>/", planning.date_detail, name="date"),
    path("dates/<id:date_id>/edit/", planning.date_edit, name="date_edit"),
    path("dates/<id:date_id>/cancel/", planning.date_cancel, name="date_cancel"),
    path("dates/<id:date_id>/log/", planning.date_log, name="date_log"),
    path("dates/<id:date_id>/date.ics", planning.date_ics, name="date_ics"),
    path("calendar/renew/", planning.feed_renew, name="feed_renew"),
    path("calendar/revoke/", planning.feed_revoke, name="feed_revoke"),
    path("calendar/<str:token>.ics", planning.feed, name="feed"),
    path("phone-free/", tools.timer, name="timer"),
    path("phone-free/start/", tools.timer_start, name="timer_start"),
    path("phone-free/stop/", tools.timer_stop, name="timer_stop"),
    path("meeting/", tools.meeting, name="meeting"),
    path("meeting/<id:meeting_id>/", tools.meeting_detail, name="meeting_detail"),
    path("meeting/<id:meeting_id>/notes/", tools.meeting_note, name="meeting_note"),
]
