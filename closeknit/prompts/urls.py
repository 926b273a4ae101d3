from django.urls import path

from closeknit.prompts import pack_views, views

app_name = "prompts"

urlpatterns = [
    path("today/", views.today_view, name="today"),
    path("today/swap/", views.swap_view, name="swap"),
    path("questions/", views.archive_view, name="archive"),
    path("questions/packs/", pack_views.packs_view, name="packs"),
    path("questions/catch-up/", views.catch_up_view, name="catch_up"),
    path("questions/<id:question_id>/", views.question_detail, name="detail"),
    path("questions/<id:question_id>/answer/", views.answer_view, name="answer"),
    path("questions/<id:question_id>/react/", views.react_view, name="react"),
    path("questions/<id:question_id>/reply/", views.reply_view, name="reply"),
    path("questions/<id:question_id>/share/", views.share_view, name="share"),
]
