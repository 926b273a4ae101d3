from django.urls import path

from closeknit.growth import views, views_pairs, views_rounds

app_name = "growth"

urlpatterns = [
    path("", views.index, name="index"),
    path("challenges/", views.challenges, name="challenges"),
    path("challenges/start/", views.challenge_start, name="challenge_start"),
    path("challenges/<id:run_id>/", views.run, name="run"),
    path("challenges/<id:run_id>/step/", views.run_step, name="run_step"),
    path("challenges/<id:run_id>/finish/", views.run_finish, name="run_finish"),
    path("challenges/<id:run_id>/look-back/", views.run_look_back, name="run_look_back"),
    path("challenges/<id:run_id>/delete/", views.run_delete, name="run_delete"),
    path("rounds/", views_rounds.rounds_page, name="rounds"),
    path("rounds/start/", views_rounds.round_start, name="round_start"),
    path("rounds/<id:round_id>/", views_rounds.round_detail, name="round"),
    path("rounds/<id:round_id>/answers/", views_rounds.round_answers, name="round_answers"),
    path("rounds/<id:round_id>/guesses/", views_rounds.round_guesses, name="round_guesses"),
    path("rounds/<id:round_id>/verdicts/", views_rounds.round_verdicts, name="round_verdicts"),
    path("rounds/<id:round_id>/delete/", views_rounds.round_delete, name="round_delete"),
    path("pairs/", views_pairs.pairs_page, name="pairs"),
    path("pairs/start/", views_pairs.pair_round_start, name="pair_round_start"),
    path("pairs/<id:round_id>/", views_pairs.pair_round, name="pair_round"),
    path("pairs/<id:round_id>/picks/", views_pairs.pair_round_picks, name="pair_round_picks"),
    path("pairs/<id:round_id>/delete/", views_pairs.pair_round_delete, name="pair_round_delete"),
    path("learned/", views_rounds.learned, name="learned"),
    path("learned/add/", views_rounds.learned_add, name="learned_add"),
    path("learned/<id:entry_id>/edit/", views_rounds.learned_update, name="learned_update"),
    path("learned/<id:entry_id>/delete/", views_rounds.learned_delete, name="learned_delete"),
]
