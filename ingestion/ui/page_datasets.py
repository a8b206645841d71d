"""Datasets: per dataset status and trading-day coverage (ticker x month heatmap), one ticker across all."""

from __future__ import annotations

from datetime import date

import altair as alt
import streamlit as st

from ingestion.ui import queries as q


def coverage_chart(frame, title: str) -> alt.Chart:
    """Held / expected NYSE trading days per ticker and month: a gap is a lighter cell."""
    return alt.Chart(frame).mark_rect().encode(
        x=alt.X("yearmonth(month):O", title="month"),
        y=alt.Y("ticker:N", title=None),
        color=alt.Color("coverage:Q", scale=alt.Scale(domain=[0, 1], scheme="redyellowgreen"), title="coverage"),
        tooltip=["ticker:N", "yearmonth(month):O", "expected:Q", "held:Q", "missing:Q"],
    ).properties(title=title, height=alt.Step(18))


def render(con, snap, settings, specs) -> None:
    st.header("Datasets")
    overview = q.datasets(con, specs, date.today())
    if overview.empty:
        st.info("Nothing fetched yet.")
        return
    st.dataframe(overview, hide_index=True, width="stretch")

    st.subheader("Coverage against the NYSE trading calendar")
    daily = q.coverage_datasets(con)
    if daily:
        chosen = st.selectbox("Daily dataset", daily, key="coverage_dataset")
        frame = q.coverage(con, chosen)
        gaps = int(frame["missing"].sum())
        st.caption(f"{frame['ticker'].nunique()} ticker(s), {gaps} trading day(s) missing between each ticker's "
                   "first and last date")
        st.altair_chart(coverage_chart(frame, chosen), width="stretch")
    else:
        st.caption("No daily series promoted yet.")

    st.subheader("One ticker across all datasets")
    tickers = q.tickers(con)
    if tickers:
        ticker = st.selectbox("Ticker", tickers, key="ticker_pick")
        st.dataframe(q.ticker_detail(con, ticker, specs), hide_index=True, width="stretch")
        frame = q.coverage(con, ticker=ticker)
        if not frame.empty:
            chart = alt.Chart(frame).mark_rect().encode(
                x=alt.X("yearmonth(month):O", title="month"), y=alt.Y("dataset:N", title=None),
                color=alt.Color("coverage:Q", scale=alt.Scale(domain=[0, 1], scheme="redyellowgreen")),
                tooltip=["dataset:N", "yearmonth(month):O", "expected:Q", "held:Q", "missing:Q"],
            ).properties(title=f"{ticker}: coverage by dataset", height=alt.Step(18))
            st.altair_chart(chart, width="stretch")
