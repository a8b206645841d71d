"""Plan: catalogue x universe x watermarks x cadence -> the requests due today (pure, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from ingestion.catalogue import DatasetSpec

Identity = tuple[str, str, str]  # (dataset, discriminator, ticker); '' when absent


@dataclass(frozen=True)
class IdentityState:
    """What ops knows about one identity.

    last_fetch_as_of: the run date of the latest answered request (a success, empty or not): drives cadence.
    watermark: the latest bronze_to_date of a successful, non-empty file: drives the next `from`.
    watermark_file: that file (relative to the data dir): what a history-rewriting dataset compares
        the days it re-asks with.
    """

    last_fetch_as_of: date | None = None
    watermark: date | None = None
    watermark_file: str | None = None


#: Calendar days a history-rewriting dataset re-asks before its watermark (at least 3 trading days,
#: even across a long weekend): enough to see a split or dividend that rewrote the past.
OVERLAP_DAYS = 7


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
            state = states.get((spec.dataset, spec.discriminator, ticker), IdentityState())
            due = next_due_date(state, spec.cadence_days)
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
