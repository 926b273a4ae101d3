from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from closeknit.accounts import firstrun
from closeknit.accounts import views as account_views
from closeknit.api.api import api
from closeknit.api.base import api_not_found
from closeknit.core import views as core_views
from closeknit.core.live import live
from closeknit.nudges import wayback_views

handler400 = "closeknit.core.views.bad_request"
handler403 = "closeknit.core.views.permission_denied"
handler404 = "closeknit.core.views.page_not_found"
handler500 = "closeknit.core.views.server_error"

admin.site.site_header = "Closeknit administration"
admin.site.site_title = "Closeknit admin"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("practices/", core_views.practices_index, name="practices"),
    path("healthz", core_views.healthz, name="healthz"),
    path("lock/", account_views.lock_view, name="lock"),
    path("manifest.webmanifest", core_views.manifest, name="manifest"),
    path("sw.js", core_views.service_worker, name="service_worker"),
    path("offline/", core_views.offline, name="offline"),
    path("live/", live, name="live"),
    path("accounts/", include("allauth.urls")),
    # A way back in: works signed out, so it lives outside the signed-in sections.
    path("back/<str:token>/", wayback_views.question, name="way_back"),
    path("settings/", include("closeknit.accounts.urls")),
    path("welcome/", firstrun.welcome, name="welcome"),
    path("welcome/<str:step>/", firstrun.welcome_step, name="welcome_step"),
    path("", include("closeknit.couples.urls")),
    path("", include("closeknit.prompts.urls")),
    path("communication/", include("closeknit.conversations.urls")),
    path("quality-time/", include("closeknit.dates.urls")),
    path("appreciation/", include("closeknit.appreciation.urls")),
    path("support/", include("closeknit.support.urls")),
    path("goals/", include("closeknit.goals.urls")),
    path("intimacy/", include("closeknit.intimacy.urls")),
    path("growth/", include("closeknit.growth.urls")),
    path("trust/", include("closeknit.trust.urls")),
    path("checkin/", include("closeknit.checkins.urls")),
    path("occasions/", include("closeknit.occasions.urls")),
    path("insights/", include("closeknit.insights.urls")),
    path("safety/", include("closeknit.safety.urls")),
    path("notifications/", include("closeknit.nudges.urls")),
    path("push/", include("closeknit.push.urls")),
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", api_not_found),
    path(settings.CLOSEKNIT_ADMIN_PATH, admin.site.urls),
]
