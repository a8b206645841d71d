"""Diagnostics: error rates and latency per dataset, calls/min per run, payload repeats."""

from __future__ import annotations

import altair as alt
import streamlit as st

from ingestion.ui import queries as q


def render(con, snap, settings, specs) -> None:
    st.header("Diagnostics")
    diag = q.dataset_diagnostics(con)
    if diag.empty:
        st.info("Nothing fetched yet.")
        return
    left, right = st.columns(2)
    left.altair_chart(alt.Chart(diag).mark_bar().encode(
        x=alt.X("error_rate:Q", title="error rate"), y=alt.Y("dataset:N", sort="-x", title=None),
        tooltip=["dataset", "files", "errors", "error_rate"]).properties(title="Error rate per dataset"),
        width="stretch")
    latency = diag.melt(id_vars=["dataset"], value_vars=["p50_ms", "p95_ms"], var_name="quantile", value_name="ms")
    right.altair_chart(alt.Chart(latency).mark_bar().encode(
        x=alt.X("ms:Q", title="request latency (ms)"), y=alt.Y("dataset:N", title=None),
        color="quantile:N", yOffset="quantile:N", tooltip=["dataset", "quantile", "ms"],
    ).properties(title="Latency p50 / p95 per dataset"), width="stretch")
    rates = q.run_rates(con)
    st.altair_chart(alt.Chart(rates).mark_line(point=True).encode(
        x=alt.X("started_at:T", title="run start"), y=alt.Y("calls_per_minute:Q", title="calls/min"),
        tooltip=["run_id", "status", "calls", "calls_per_minute", "requests"],
    ).properties(title="Calls per minute per run", height=220), width="stretch")
    st.subheader("Per dataset")
    st.caption("repeated_payloads: files whose body an identity had already received (bronze_payload_hash); "
               "a high repeat rate means the dataset is fetched more often than it changes.")
    st.dataframe(diag, hide_index=True, width="stretch")
