"""HTTP front of the demo API: a threaded stdlib server bound to loopback.

All FMP behaviour lives in `routes.handle`; this layer only turns HTTP into a call to
it (query string and `apikey` header → dict) and the Response back into HTTP.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import parse_qsl, urlsplit

from . import prices
from .responses import JSON_CONTENT_TYPE, Response
from .routes import handle
from .faults import FaultInjector
from .settings import DemoSettings

logger = logging.getLogger(__name__)

#: The key `make ingest` sends to the demo; any non-empty key is accepted.
DEMO_API_KEY = "demo"

_INTERNAL_ERROR = Response(500, JSON_CONTENT_TYPE, b'{\n  "Error Message": "Internal demo API error"\n}')


class _DemoHTTPServer(ThreadingHTTPServer):
    """ThreadingHTTPServer that carries the settings and tracks open connections.

    Tracking lets `stop()` close idle keep-alive connections, whose handler threads
    would otherwise go on serving a client after the server was told to stop.
    """

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], settings: DemoSettings) -> None:
        self.settings = settings
        self.faults = FaultInjector(settings)
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, _Handler)

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        # A client that gave up (a timeout test) closes its socket before we answer: not an error.
        import sys

        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)

    def process_request(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request) -> None:  # type: ignore[no-untyped-def]
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already closed by the client


class _Handler(BaseHTTPRequestHandler):
    server: _DemoHTTPServer
    # HTTP/1.1 keeps connections alive, which a requests.Session reuses across tickers.
    protocol_version = "HTTP/1.1"
    server_version = "SBFoundationDemoAPI/1.0"
    timeout = 60  # drop idle keep-alive connections eventually

    def do_GET(self) -> None:  # noqa: N802 (name fixed by BaseHTTPRequestHandler)
        started = time.perf_counter()
        url = urlsplit(self.path)
        query: dict[str, str] = {}
        for name, value in parse_qsl(url.query, keep_blank_values=True):
            query.setdefault(name, value)  # first occurrence wins
        header_key = self.headers.get("apikey", "")
        if header_key and not query.get("apikey"):
            query["apikey"] = header_key

        settings = self.server.settings
        if settings.latency_ms > 0:
            time.sleep(settings.latency_ms / 1000)
        # Never log the key: only the path and the other parameters.
        safe_params = {name: value for name, value in query.items() if name.lower() not in ("apikey", "api_key")}
        try:
            injected = self.server.faults.check(url.path, query) if query.get("apikey") or query.get("api_key") else None
            response = injected or handle(url.path, query, settings)
        except Exception:
            logger.exception("demo API failed on %s %s", url.path, safe_params)
            response = _INTERNAL_ERROR

        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        self.wfile.write(response.body)
        logger.debug(
            "GET %s %s -> %d (%d bytes, %.1f ms)",
            url.path, safe_params, response.status, len(response.body),
            (time.perf_counter() - started) * 1000,
        )

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        # The default writes every request line (apikey included) to stderr.
        pass


class DemoApiServer:
    """The offline FMP-compatible API on `host:port` (port 0 picks a free port)."""

    def __init__(self, settings: DemoSettings | None = None, host: str = "127.0.0.1", port: int = 0) -> None:
        self.settings = settings if settings is not None else DemoSettings()
        self.host = host
        self._requested_port = port
        self._httpd: _DemoHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        if self._httpd is None:
            if self._requested_port == 0:
                raise RuntimeError("port is chosen when the server starts; call start() first")
            return self._requested_port
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/stable"

    @property
    def rejected_429(self) -> int:
        """How many requests the rate-limit switch refused (benchmarks report it)."""
        return self._httpd.faults.rejected_429 if self._httpd is not None else 0

    def _bind(self) -> _DemoHTTPServer:
        if self._httpd is not None:
            raise RuntimeError("demo API server already started")
        # Binding in the constructor means the socket is listening before start() returns.
        self._httpd = _DemoHTTPServer((self.host, self._requested_port), self.settings)
        threading.Thread(
            target=prices.warm, args=(self.settings.history_start, self.settings.as_of),
            name="demo-api-warmup", daemon=True,
        ).start()
        logger.debug("demo API listening on %s (as_of %s)", self.base_url, self.settings.as_of)
        return self._httpd

    def start(self) -> DemoApiServer:
        """Listen and serve from a daemon thread; returns once the socket is listening."""
        httpd = self._bind()
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
            name=f"demo-api-{self.port}", daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, close connections and join the serving thread (idempotent)."""
        httpd, thread = self._httpd, self._thread
        if httpd is None:
            return
        if thread is not None:
            httpd.shutdown()
            thread.join()
        httpd.close_connections()
        httpd.server_close()
        self._httpd = None
        self._thread = None
        logger.debug("demo API stopped")

    def serve_forever(self) -> None:
        """Serve in the calling thread until Ctrl-C (for the `sbf demo-api` command)."""
        httpd = self._bind()
        try:
            httpd.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            logger.info("demo API interrupted")
        finally:
            httpd.close_connections()
            httpd.server_close()
            self._httpd = None

    def __enter__(self) -> DemoApiServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
