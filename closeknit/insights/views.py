from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from closeknit.accounts.models import User
from closeknit.checkins.items import closeness_pictures
from closeknit.checkins.periods import current_period
from closeknit.checkins.selectors import checkin_status
from closeknit.core.pagecache import cached_page, keep_until_new_day
from closeknit.insights import charts, selectors, services
from closeknit.insights.selectors import parse_week
from closeknit.lib import when
from closeknit.lib.errors import Invalid


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def map_chart(view: selectors.MapView) -> charts.BarChart:
    highlighted = {s.practice.key for s in view.starters}
    return charts.grouped_bars(
        [
            (
                str(row.practice.name),
                [row.mine, row.theirs] if view.shared else [row.mine],
                row.practice.key in highlighted,
            )
            for row in view.rows
        ],
        maximum=100,
        classes=["bar-you", "bar-partner"],
    )


def balance_chart(balance: selectors.Balance) -> charts.BarChart:
    most = max((row.month for row in balance.rows), default=0)
    return charts.grouped_bars(
        [(str(row.practice.name), [row.week, row.month], False) for row in balance.rows],
        maximum=max(most, 1),
        classes=["bar-week", "bar-month"],
    )


def trend_chart(trend: selectors.Trend, *, shared: bool) -> charts.LineChart | None:
    if not trend.points:
        return None
    series: list[tuple[str, list[float | None]]] = [("line-you", [p.mine for p in trend.points])]
    if shared:
        series.append(("line-partner", [p.theirs for p in trend.points]))
        series.append(("line-mean", [p.mean for p in trend.points]))
    middle = (trend.minimum + trend.maximum) / 2
    return charts.line_chart(
        dates=[p.on for p in trend.points],
        series=series,
        minimum=trend.minimum,
        maximum=trend.maximum,
        ticks=[trend.minimum, middle, trend.maximum],
    )


@login_required
@require_GET
@cached_page
def index_view(request: HttpRequest) -> HttpResponse:
    """The couple map, conversation starters, this week's plan and the activity balance."""
    viewer = selectors.viewer_for(_user(request))
    keep_until_new_day(request, tz=viewer.space.tz, starts_at=viewer.space.starts_at)
    couple_map = selectors.couple_map(viewer)
    balance = selectors.activity_balance(viewer)
    context: dict[str, Any] = {
        "viewer": viewer,
        "status": checkin_status(user=viewer.user, space=viewer.space, now=viewer.now),
        "map": couple_map,
        "map_chart": map_chart(couple_map),
        "pictures": {p["value"]: p for p in closeness_pictures()},
        "plan": services.plan_for_week(viewer),
        "balance": balance,
        "balance_chart": balance_chart(balance),
    }
    return render(request, "insights/index.html", context)


def trend_table(trend: selectors.Trend, *, shared: bool, cache: dict[object, str]) -> str:
    """The rows of the table under a chart (fortnight, you[, partner, together]), as
    markup made here.

    A year of check-ins is hundreds of cells on this page; drawn by the template, each
    cell cost a filter, a lookup and autoescaping, and the page's time grew with the
    history. Here every distinct date and value (the same ones recur in every chart) is
    formatted and escaped once, in `cache`, shared by the page's charts.
    """

    def text(value: object) -> str:
        if value is None:
            return "\u2013"
        if value not in cache:
            if isinstance(value, date):
                shown = when.day(value)
            else:  # as the floatformat:"-1" filter did: "4", "4.5", localised
                number = float(value)  # type: ignore[arg-type]
                shown = formats.number_format(number, 0 if number.is_integer() else 1)
            cache[value] = conditional_escape(shown)
        return cache[value]

    # Every piece is escaped (`cache`) or a literal, so the joined rows are safe.
    if shared:
        rows = (
            f'<tr><th scope="row">{text(p.on)}</th><td>{text(p.mine)}</td>'
            f"<td>{text(p.theirs)}</td><td>{text(p.mean)}</td></tr>"
            for p in trend.points
        )
    else:
        rows = (
            f'<tr><th scope="row">{text(p.on)}</th><td>{text(p.mine)}</td></tr>'
            for p in trend.points
        )
    return mark_safe("".join(rows))  # noqa: S308 - built from escaped parts only


@login_required
@require_GET
def trends_view(request: HttpRequest) -> HttpResponse:
    viewer = selectors.viewer_for(_user(request))
    shared = viewer.couple is not None
    cache: dict[object, str] = {}
    found_trends = selectors.trends(viewer)
    found = [
        {
            "trend": t,
            "chart": trend_chart(t, shared=shared),
            "rows": trend_table(t, shared=shared, cache=cache),
        }
        for t in found_trends
    ]
    # A line needs two points: with fewer, one card says when there will be something
    # to see, instead of a chart of one dot per practice.
    most = max((len(t.points) for t in found_trends), default=0)
    # Pure arithmetic on the space's start: no query, so the page costs the same.
    next_opens = current_period(viewer.space, now=viewer.now).next_starts_on
    return render(
        request,
        "insights/trends.html",
        {
            "viewer": viewer,
            "trends": found,
            "shared": shared,
            "too_soon": most < 2,
            "checkins_so_far": most,
            "next_opens": next_opens,
        },
    )


@login_required
@require_GET
def report_view(request: HttpRequest) -> HttpResponse:
    viewer = selectors.viewer_for(_user(request))
    error = None
    try:
        week = parse_week(request.GET.get("week", "")[:10], viewer)
    except Invalid as exc:
        error, week = exc.message, selectors.week_start(viewer.today)
    report = selectors.weekly_report(viewer, week=week)
    current = selectors.week_start(viewer.today)
    context = {
        "viewer": viewer,
        "report": report,
        "error": error,
        "plan": services.plan_for_week(viewer),
        "is_current": week == current,
        "previous_week": _iso(date.fromordinal(week.toordinal() - 7)),
        "next_week": _iso(date.fromordinal(week.toordinal() + 7)) if week < current else None,
    }
    return render(request, "insights/report.html", context, status=(error and 400) or 200)


def _iso(day: date) -> str:
    year, number, _weekday = day.isocalendar()
    return f"{year}-W{number:02d}"
