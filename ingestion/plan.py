"""Plan: catalogue x universe x watermarks x cadence -> the requests due today (pure, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Callable

from ingestion.catalogue import DatasetSpec

Identity = tuple[str, str, str]  # (dataset, discriminator, ticker); '' when absent


@dataclass(frozen=True)
class IdentityState:
    """What ops knows about one identity.

    last_fetch_as_of: the run date of the latest answered request (a success, empty or not): drives cadence.
    watermark: the latest bronze_to_date of a successful, non-empty file: drives the next `from`.
    watermark_file: that file (relative to the data dir): what a history-rewriting dataset compares
        the days it re-asks with.

    answered: the date ranges asked by answered requests (success, empty or not), each with the run
        date it was asked on: (from, to, asked_on). Read only for windowed global series (see
        `gap_planned`); None when not read.
    """

    last_fetch_as_of: date | None = None
    watermark: date | None = None
    watermark_file: str | None = None
    answered: tuple[tuple[date, date, date], ...] | None = None


#: Calendar days a history-rewriting dataset re-asks before its watermark (at least 3 trading days,
#: even across a long weekend): enough to see a split or dividend that rewrote the past.
OVERLAP_DAYS = 7

#: An empty answer for a range that ended this long before the day it was asked is final: economic
#: series are published months after the date they carry (an annual one about four months), never a
#: year. A more recent empty answer may still fill up, so its range is asked again.
SETTLE_DAYS = 365


@dataclass(frozen=True)
class PlannedRequest:
    spec: DatasetSpec
    ticker: str
    params: dict[str, str]
    from_date: date | None
    to_date: date | None
    # bronze file (relative to the data dir) holding the re-asked days as last fetched: set on the
    # request that overlaps the watermark of a history-rewriting dataset (see OVERLAP_DAYS)
    baseline: str | None = None
    # 0: the newest window of its identity (or its only request); n: the n-th older window of a
    # windowed global series' missing ranges, which a daily budget may leave to later days
    rank: int = 0

    @property
    def identity(self) -> Identity:
        return (self.spec.dataset, self.spec.discriminator, self.ticker)

    @property
    def label(self) -> str:
        return f"{self.spec.name}" + (f" {self.ticker}" if self.ticker else "")


@dataclass(frozen=True)
class SkippedRequest:
    spec: DatasetSpec
    ticker: str
    reason: str  # "too soon" | "up to date"
    next_due: date | None = None


@dataclass
class Plan:
    requests: list[PlannedRequest] = field(default_factory=list)
    skipped: list[SkippedRequest] = field(default_factory=list)

    @property
    def too_soon(self) -> int:
        return sum(1 for s in self.skipped if s.reason == "too soon")


def next_due_date(state: IdentityState, cadence_days: int) -> date | None:
    """The first run date on which this identity may be fetched again (None: never fetched, due now)."""
    if state.last_fetch_as_of is None:
        return None
    return state.last_fetch_as_of + timedelta(days=cadence_days)


def window_for(state: IdentityState, start_date: date, as_of: date) -> tuple[date, date]:
    """from = the day after the watermark (or the configured start); to = the run date."""
    from_date = state.watermark + timedelta(days=1) if state.watermark else start_date
    return from_date, as_of


def overlaps_watermark(spec: DatasetSpec, state: IdentityState, from_date: date, to_date: date) -> bool:
    """Whether an incremental fetch of a history-rewriting dataset should start OVERLAP_DAYS before
    the watermark instead of after it (only when there is something new to ask for)."""
    return (spec.rewrites_history and state.watermark is not None and state.watermark_file is not None
            and from_date <= to_date)


def split_window(from_date: date, to_date: date, window_days: int | None) -> list[tuple[date, date]]:
    """Cut [from, to] into consecutive spans of at most `window_days` days, oldest first.

    FMP truncates long ranges silently (5,000 rows of daily prices, ~3 months of treasury and
    economic series), so a range is asked for in pieces that each fit.
    """
    if window_days is None or from_date > to_date:
        return [(from_date, to_date)]
    windows = []
    start = from_date
    while start <= to_date:
        end = min(start + timedelta(days=window_days - 1), to_date)
        windows.append((start, end))
        start = end + timedelta(days=1)
    return windows


def split_window_from_end(from_date: date, to_date: date, window_days: int) -> list[tuple[date, date]]:
    """Like split_window, but aligned on `to`: every window is full except the oldest. A series that
    is filled newest first gets the most days out of each call."""
    windows = []
    end = to_date
    while end >= from_date:
        start = max(from_date, end - timedelta(days=window_days - 1))
        windows.append((start, end))
        end = start - timedelta(days=1)
    return windows[::-1]


def gap_planned(spec: DatasetSpec) -> bool:
    """Windowed global series (treasury rates, economic indicators): planned from the ranges still
    missing, newest first, so that a daily budget can spread their back-fill over days."""
    return not spec.per_ticker and spec.dated and spec.window_days is not None


def _subtract(span: tuple[date, date], covered: list[tuple[date, date]]) -> list[tuple[date, date]]:
    """The parts of `span` outside every range of `covered`, oldest first."""
    gaps = []
    cursor, end = span
    for a, b in sorted(covered):
        if b < cursor:
            continue
        if a > end:
            break
        if a > cursor:
            gaps.append((cursor, a - timedelta(days=1)))
        cursor = max(cursor, b + timedelta(days=1))
        if cursor > end:
            break
    if cursor <= end:
        gaps.append((cursor, end))
    return gaps


def missing_ranges(state: IdentityState, start_date: date, as_of: date, cadence_due: bool) -> list[tuple[date, date]]:
    """What a windowed global series still has to ask for, oldest first.

    A range asked and answered is settled up to the watermark (the newest row held), and up to
    SETTLE_DAYS before the day it was asked whatever the watermark: an empty answer there is final. After the watermark,
    a series published late may still fill in, so that part is asked again whenever the cadence is due,
    exactly as a forward fetch from the watermark would. Between cadence dates only holes are asked:
    the back-fill of ranges never answered (deferred by a daily budget, or failed), below the newest
    range answered.
    """
    answered = state.answered or ()
    if cadence_due:
        span = (start_date, as_of)
        settled = []
        for a, b, asked_on in answered:
            end = min(b, max(state.watermark or date.min, asked_on - timedelta(days=SETTLE_DAYS)))
            if end >= a:
                settled.append((a, end))
    else:
        if not answered:
            return []
        span = (start_date, min(as_of, max(b for _, b, _ in answered)))
        settled = [(a, b) for a, b, _ in answered]
    if span[0] > span[1]:
        return []
    return _subtract(span, settled)


def render_params(
    spec: DatasetSpec, ticker: str, from_date: date | None, to_date: date | None, as_of: date
) -> dict[str, str]:
    values = {
        "ticker": ticker,
        "from": from_date.isoformat() if from_date else "",
        "to": to_date.isoformat() if to_date else "",
        "limit": str(spec.limit) if spec.limit is not None else "",
        "date": as_of.isoformat(),
        "year": str(as_of.year),
        "part": "{part}",  # filled page by page when the request is made
    }
    return {key: template.format(**values) for key, template in spec.params.items()}


def plan_requests(
    specs: list[DatasetSpec],
    tickers: list[str],
    states: dict[Identity, IdentityState],
    as_of: date,
    start_date: date,
    backfill_from: date | None = None,
) -> Plan:
    """Every request due on `as_of`, and every one skipped with its reason.

    `backfill_from` (sbf run --from) re-asks dated datasets for [backfill_from, as_of] whatever
    their watermark and cadence; the watermark itself is only ever derived from ops, so a
    backfill cannot move it backwards.
    """
    plan = Plan()
    for spec in specs:
        backfill = backfill_from is not None and spec.dated
        for ticker in tickers if spec.per_ticker else [""]:
            # an identity ops knows nothing about has answered nothing
            state = states.get((spec.dataset, spec.discriminator, ticker), IdentityState(answered=()))
            due = next_due_date(state, spec.cadence_days)
            if not backfill and gap_planned(spec) and state.answered is not None:
                _plan_gaps(plan, spec, state, due, as_of, start_date)
                continue
            if not backfill and due is not None and as_of < due:
                plan.skipped.append(SkippedRequest(spec, ticker, "too soon", due))
                continue
            if not spec.dated:
                params = render_params(spec, ticker, None, None, as_of)
                plan.requests.append(PlannedRequest(spec, ticker, params, None, None))
                continue
            from_date, to_date = (backfill_from, as_of) if backfill else window_for(state, start_date, as_of)
            if from_date > to_date:
                plan.skipped.append(SkippedRequest(spec, ticker, "up to date", from_date))
                continue
            baseline = None
            if not backfill and overlaps_watermark(spec, state, from_date, to_date):
                from_date = max(start_date, state.watermark - timedelta(days=OVERLAP_DAYS - 1))
                baseline = state.watermark_file
            for window_from, window_to in split_window(from_date, to_date, spec.window_days):
                params = render_params(spec, ticker, window_from, window_to, as_of)
                plan.requests.append(PlannedRequest(spec, ticker, params, window_from, window_to, baseline))
                baseline = None  # the overlap is in the first window only
    return plan


def _plan_gaps(plan: Plan, spec: DatasetSpec, state: IdentityState, due: date | None, as_of: date,
               start_date: date) -> None:
    """The requests of a windowed global series: one per window of its missing ranges, ranked newest first."""
    assert spec.window_days is not None
    cadence_due = due is None or as_of >= due
    gaps = missing_ranges(state, start_date, as_of, cadence_due)
    if not gaps:
        plan.skipped.append(SkippedRequest(spec, "", "too soon" if not cadence_due else "up to date",
                                           due if not cadence_due else as_of + timedelta(days=1)))
        return
    windows = [w for a, b in gaps for w in split_window_from_end(a, b, spec.window_days)]
    for index, (window_from, window_to) in enumerate(windows):
        params = render_params(spec, "", window_from, window_to, as_of)
        plan.requests.append(PlannedRequest(spec, "", params, window_from, window_to, rank=len(windows) - 1 - index))


# ---------------------------------------------------------------------------- daily budget


@dataclass(frozen=True)
class Budget:
    """A daily call quota (FMP's free plan: 250 a day) and what was spent of it before this plan.

    reserve: calls that back-fill never takes, kept for what the user asks for later the same day.
    """

    calls_per_day: int
    used_today: int = 0
    reserve: int = 0

    @property
    def remaining(self) -> int:
        return max(0, self.calls_per_day - self.used_today)

    def describe(self) -> str:
        return f"daily budget {self.calls_per_day}, {self.used_today} used today"


def daily_budget(calls_per_day: int, used_today: int) -> Budget:
    """The budget of a daily quota; a fifth of it is kept from back-fill for later runs of the day
    (on the free plan: 50 calls, one more ticker's datasets)."""
    return Budget(calls_per_day, used_today, reserve=calls_per_day // 5)


@dataclass
class Allocation:
    today: list[PlannedRequest]
    deferred: list[PlannedRequest]


def fit_budget(requests: list[PlannedRequest], budget: Budget | None,
               named: Callable[[PlannedRequest], bool] = lambda _r: False, source: str = "fmp") -> Allocation:
    """Which requests fit today's budget, and which are left to later days (pure).

    Without a daily budget everything fits. With one, in this order while calls remain:
    1. what the user named (--tickers, --datasets), windows of a series newest first;
    2. every other identity's newest request (a snapshot, the latest window of a series);
    3. the back-fill: older windows of windowed global series, newest first and round-robin over the
       series, but never into the reserve kept for later runs of the day.
    Requests to another source (FRED) are not counted: they have their own budget. A request is one
    call (paginated endpoints, the only ones that take more, are not on a daily-quota plan). A
    deferred window of a windowed global series is planned again on a later day (it is still
    missing); a deferred request of any other identity is still due then.
    """
    if budget is None:
        return Allocation(list(requests), [])
    indexed = list(enumerate(requests))
    counted = [(i, r) for i, r in indexed if r.spec.source == source]
    tiers = [
        sorted(((i, r) for i, r in counted if named(r)), key=lambda ir: (ir[1].rank, ir[0])),
        [(i, r) for i, r in counted if not named(r) and r.rank == 0],
        sorted(((i, r) for i, r in counted if not named(r) and r.rank > 0), key=lambda ir: (ir[1].rank, ir[0])),
    ]
    left = budget.remaining
    chosen: set[int] = {i for i, r in indexed if r.spec.source != source}
    for tier, members in enumerate(tiers):
        allowance = left - budget.reserve if tier == 2 else left
        for i, _request in members:
            if allowance <= 0:
                break
            chosen.add(i)
            allowance -= 1
            left -= 1
    return Allocation([r for i, r in indexed if i in chosen], [r for i, r in indexed if i not in chosen])
