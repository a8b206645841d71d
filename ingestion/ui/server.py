"""Start the dashboard: publish a fresh ops snapshot if no run holds the warehouse, then serve
app.py with Streamlit on 127.0.0.1."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from ingestion.config import load_settings
from ingestion.errors import SbfError, WarehouseLockedError
from ingestion.snapshot import publish_from_warehouse

log = logging.getLogger(__name__)
APP = Path(__file__).with_name("app.py")


def refresh_snapshot() -> str:
    """Publish the snapshot from the warehouse when it is free; say what happened in one line."""
    settings = load_settings()
    if not settings.warehouse_path.exists():
        return f"no warehouse at {settings.warehouse_path} yet: run `sbf run` first"
    try:
        publish_from_warehouse(settings.warehouse_path, settings.data_dir)
    except WarehouseLockedError as exc:
        return f"the warehouse is in use by {exc.holder}: showing the snapshot it publishes"
    except SbfError as exc:
        return str(exc)
    return "snapshot refreshed from the warehouse"


def streamlit_command(port: int, headless: bool = True) -> list[str]:
    return [sys.executable, "-m", "streamlit", "run", str(APP), "--server.address", "127.0.0.1",
            "--server.port", str(port), "--server.headless", "true" if headless else "false",
            "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
            "--global.developmentMode", "false",
            "--client.toolbarMode", "viewer"]


def serve(port: int, headless: bool = True) -> int:
    log.info(refresh_snapshot())
    log.info("dashboard on http://127.0.0.1:%d (Ctrl-C to stop)", port)
    command = streamlit_command(port, headless)
    sys.stdout.flush()
    sys.stderr.flush()
    # Become the Streamlit server (same PID): stopping `sbf ui` stops the dashboard, nothing is orphaned.
    os.execv(command[0], command)
    return 0  # not reached
