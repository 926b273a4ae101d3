from django.urls import path

from closeknit.conversations.views import guides, index, listening

app_name = "conversations"

urlpatterns = [
    path("", index.index, name="index"),
    path("phrases/", index.phrases, name="phrases"),
    path("pause/", index.pause_set, name="pause_set"),
    path("pause/clear/", index.pause_clear, name="pause_clear"),
    path("listening/", listening.sessions, name="sessions"),
    path("listening/start/", listening.session_start, name="session_start"),
    path("listening/<id:session_id>/", listening.session_detail, name="session"),
    path("listening/<id:session_id>/turn/", listening.session_turn, name="session_turn"),
    path("listening/<id:session_id>/speak/", listening.speak, name="speak"),
    path("listening/<id:session_id>/reflect/", listening.reflect, name="reflect"),
    path("listening/<id:session_id>/confirm/", listening.confirm, name="confirm"),
    path("listening/<id:session_id>/end/", listening.end, name="end"),
    path("after/", guides.guides, name="guides"),
    path("after/start/", guides.guide_start, name="guide_start"),
    path("after/<id:guide_id>/", guides.guide_detail, name="guide"),
    path("after/<id:guide_id>/side/", guides.side, name="side"),
    path("after/<id:guide_id>/observer/", guides.observer, name="observer"),
    path("after/<id:guide_id>/observer/share/", guides.observer_share, name="observer_share"),
]
