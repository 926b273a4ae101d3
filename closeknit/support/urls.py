from django.urls import path

from closeknit.support import views

app_name = "support"

urlpatterns = [
    path("", views.index, name="index"),
    path("live/", views.live, name="live"),
    path("mood/", views.mood, name="mood"),
    path("mood/<id:mood_id>/share/", views.mood_share, name="mood_share"),
    path("mood/<id:mood_id>/delete/", views.mood_delete, name="mood_delete"),
    path("preferences/", views.preferences, name="preferences"),
    path("signals/", views.signal_send, name="signal_send"),
    path("signals/<id:signal_id>/", views.signal_detail, name="signal"),
    path("signals/<id:signal_id>/answer/", views.signal_answer, name="signal_answer"),
    path("signals/<id:signal_id>/withdraw/", views.signal_withdraw, name="signal_withdraw"),
    path("good-news/", views.good_news, name="good_news"),
    path("good-news/<id:good_news_id>/", views.good_news_detail, name="good_news_detail"),
    path("good-news/<id:good_news_id>/reply/", views.good_news_reply, name="good_news_reply"),
    path("good-news/<id:good_news_id>/react/", views.good_news_react, name="good_news_react"),
]
