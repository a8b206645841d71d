"""Offline, deterministic stand-in for FMP's stable API (used when no API key is set).

    from ingestion.demo_api import DemoApiServer, DemoSettings
    with DemoApiServer(DemoSettings(as_of=date(2026, 11, 20))) as server:
        fetch(server.base_url + "/profile?symbol=AAPL&apikey=" + DEMO_API_KEY)
"""

from .responses import Response
from .routes import handle
from .server import DEMO_API_KEY, DemoApiServer
from .settings import DEFAULT_HISTORY_START, DemoSettings
from .universe import COMPANIES

__all__ = [
    "COMPANIES",
    "DEFAULT_HISTORY_START",
    "DEMO_API_KEY",
    "DemoApiServer",
    "DemoSettings",
    "Response",
    "handle",
]
