from django.urls import path

from closeknit.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.settings_view, name="settings"),
    path("tokens/", views.tokens_view, name="tokens"),
    path("tokens/<id:token_id>/revoke/", views.token_revoke_view, name="token_revoke"),
    path("export/", views.export_view, name="export"),
    path("export/page/", views.export_html_view, name="export_html"),
    path("delete/", views.delete_view, name="delete"),
    path("security/", views.security_view, name="security"),
]
