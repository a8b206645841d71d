"""Runs: a calendar of runs coloured by status, and the runs table filtered by date and status."""

from __future__ import annotations

from datetime import date

import altair as alt
import streamlit as st

from ingestion.ui import queries as q


def render(con, snap, settings, specs) -> None:
    st.header("Runs")
    calendar = q.run_calendar(con)
    if calendar.empty:
        st.info("No runs yet.")
        return
    colours = alt.Scale(domain=list(q.STATUS_COLOURS), range=list(q.STATUS_COLOURS.values()))
    chart = alt.Chart(calendar).mark_rect(stroke="white").encode(
        x=alt.X("yearweek(day):O", title="week"),
        y=alt.Y("day(day):O", title=None),
        color=alt.Color("status:N", scale=colours, title="worst status"),
        tooltip=["day:T", "runs:Q", "status:N", "requests:Q", "run_ids:N"],
    ).properties(height=200, title="Runs per day")
    st.altair_chart(chart, width="stretch")

    latest = q.runs(con).iloc[0]
    st.markdown(f"Latest run: `{latest['run_id']}` ({latest['command']}, **{latest['status']}**, "
                f"{latest['requests']} requests)")
    first, last = calendar["day"].min().date(), max(calendar["day"].max().date(), date.today())
    left, right = st.columns(2)
    span = left.date_input("Started between", (first, last), key="runs_span")
    statuses = right.multiselect("Status", q.STATUSES, default=q.STATUSES, key="runs_status")
    start, end = (span[0], span[1]) if isinstance(span, (tuple, list)) and len(span) == 2 else (first, last)
    frame = q.runs(con, start, end, statuses or None)
    frame.insert(0, "open", "?run_id=" + frame["run_id"])
    st.dataframe(frame, hide_index=True, width="stretch",
                 column_config={"open": st.column_config.LinkColumn("open", display_text="detail")})
    if not frame.empty:
        chosen = st.selectbox("Run detail", frame["run_id"].tolist(), key="runs_open")
        if st.button("Open run", key="open_run"):
            st.query_params.clear()
            st.query_params["run_id"] = chosen
            st.query_params["page"] = "Run detail"
            st.session_state["nav_to"] = "Run detail"
            st.rerun()
