"""Run detail (?run_id=...): header and KPI tiles; tabs Bronze, Silver, Gold, Errors; a bronze file's JSON."""

from __future__ import annotations

import streamlit as st

from ingestion.ui import queries as q


def render(con, snap, settings, specs) -> None:
    run_ids = q.runs(con)["run_id"].tolist()
    if not run_ids:
        st.header("Run detail")
        st.info("No runs yet.")
        return
    wanted = st.query_params.get("run_id")
    run_id = st.selectbox("Run", run_ids, index=run_ids.index(wanted) if wanted in run_ids else 0, key="run_pick")
    if run_id != wanted:
        st.query_params["run_id"] = run_id
    run = q.run_header(con, run_id)
    st.header(f"Run {run_id}")
    st.caption(f"{run['command']} · as of {run['as_of_date']} · started {run['started_at']:%Y-%m-%d %H:%M:%S %Z}"
               + (f" · finished {run['finished_at']:%H:%M:%S}" if run.get("finished_at") else "")
               + f" · arguments {run.get('arguments')}")
    if run.get("stop_reason"):
        st.warning(f"Stopped early: {run['stop_reason']}")
    if run.get("error"):
        st.error(run["error"])
    tiles = [("Status", run["status"]), ("Elapsed", f"{run.get('elapsed_seconds') or 0:.1f} s"),
             ("Requests", run["requests"]), ("Files ok / empty / failed",
                                             f"{run['files_ok']} / {run['files_empty']} / {run['files_failed']}"),
             ("Silver rows", run.get("silver_rows") or 0), ("Gold rows", run.get("gold_rows") or 0),
             ("Calls/min", f"{run['calls_per_minute']:.0f}" if run.get("calls_per_minute") else "-"),
             ("Promotions", run.get("promotions") if run.get("promotions") is not None else "-")]
    for column, (label, value) in zip(st.columns(len(tiles)), tiles):
        column.metric(label, value)

    bronze_tab, silver_tab, gold_tab, errors_tab = st.tabs(["Bronze", "Silver", "Gold", "Errors"])
    with bronze_tab:
        if q.run_has_files(con, run_id):
            files = q.run_bronze_files(con, run_id)
            st.dataframe(files.drop(columns=["bronze_filename"]), hide_index=True, width="stretch")
            _bronze_viewer(files, settings)
        else:
            st.caption("Per dataset: the snapshot keeps every file of the latest runs only.")
        st.subheader("Per dataset")
        st.dataframe(q.run_bronze_datasets(con, run_id), hide_index=True, width="stretch")
    with silver_tab:
        st.dataframe(q.run_silver(con, run_id), hide_index=True, width="stretch")
    with gold_tab:
        st.dataframe(q.run_gold(con, run_id), hide_index=True, width="stretch")
    with errors_tab:
        errors = q.run_errors(con, run_id)
        if errors.empty:
            st.success("No errors in this run.")
        else:
            st.dataframe(errors, hide_index=True, width="stretch")


def _bronze_viewer(files, settings) -> None:
    named = files[files["bronze_filename"].notna()]
    if named.empty:
        return
    labels = {f"{r.dataset} {r.discriminator} {r.ticker} {r.file_id}".replace("  ", " "): r.bronze_filename
              for r in named.itertuples()}
    choice = st.selectbox("Open a bronze file", ["(none)", *labels], key="bronze_pick")
    if choice != "(none)":
        try:
            st.code(q.bronze_document(settings.data_dir, labels[choice]), language="json")
        except (OSError, ValueError) as exc:
            st.error(f"cannot read {labels[choice]}: {exc}")
