"""The Streamlit script of `sbf ui` (thin: layout only; the data comes from ingestion/ui/queries.py).

Pages: Runs, Run detail (?run_id=...), Datasets, Diagnostics. Everything is read from the ops
snapshot, opened read-only for one script run and closed; a fragment polls the snapshot's mtime and
reruns the page when a run publishes a new one.
"""

from __future__ import annotations

import streamlit as st

from ingestion.catalogue import load_catalogue
from ingestion.config import load_settings
from ingestion.snapshot import info, open_snapshot, snapshot_path
from ingestion.ui import page_datasets, page_diagnostics, page_run, page_runs
from ingestion.ui.server import refresh_snapshot

PAGES = {"Runs": page_runs, "Run detail": page_run, "Datasets": page_datasets, "Diagnostics": page_diagnostics}

st.set_page_config(page_title="SBFoundation ops", layout="wide")
settings = load_settings()
path = snapshot_path(settings.data_dir)

requested = st.query_params.get("page")
if st.query_params.get("run_id") and requested is None:
    requested = "Run detail"
names = list(PAGES)
if "nav_to" in st.session_state:  # a page's link to another (e.g. Runs -> Run detail)
    st.session_state["page_choice"] = st.session_state.pop("nav_to")
elif "page_choice" not in st.session_state:  # first load: the page the URL names
    st.session_state["page_choice"] = requested if requested in PAGES else names[0]
with st.sidebar:
    st.title("SBFoundation ops")
    page = st.radio("Page", names, key="page_choice")
    if page != requested:
        st.query_params["page"] = page
    if st.button("Refresh snapshot from the warehouse", key="refresh"):
        st.toast(refresh_snapshot())


@st.fragment(run_every=3)
def _poll(seen: int | None) -> None:
    """Rerun the page when a run has published a newer snapshot."""
    current = path.stat().st_mtime_ns if path.exists() else None
    if current != seen:
        st.rerun(scope="app")


con = open_snapshot(settings.data_dir)
if con is None:
    st.info(f"No ops snapshot yet in {settings.data_dir}: `sbf run` publishes one (or `sbf snapshot`).")
    with st.sidebar:
        _poll(None)
    st.stop()
try:
    mtime = path.stat().st_mtime_ns
    snap = info(con, path)
    with st.sidebar:
        if snap.run_id:
            st.warning(f"Run in progress: {snap.run_id}")
        st.caption(snap.describe())
        _poll(mtime)
    PAGES[page].render(con, snap, settings, load_catalogue())
finally:
    con.close()
