"""FmpClient against a scripted HTTP server on loopback (sleep is faked so retries are instant)."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ingestion.fmp import FmpClient, RetryPolicy


@pytest.fixture
def scripted_server():
    script: list[tuple[int, dict, bytes]] = []
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(self.path)
            status, headers, body = script.pop(0) if script else (200, {}, b"[]")
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/stable", script, seen
    server.shutdown()
    server.server_close()


def test_retries_5xx_and_429_honouring_retry_after(scripted_server):
    base, script, seen = scripted_server
    script += [(503, {}, b"busy"), (429, {"Retry-After": "7"}, b'{"Error Message": "Limit Reach ."}'), (200, {}, b"[{}]")]
    sleeps = []
    client = FmpClient(base, "KEY", retry=RetryPolicy(max_attempts=4), sleep=sleeps.append)
    result = client.get("profile", {"symbol": "AAPL"})
    assert (result.status, result.body, result.attempts) == (200, b"[{}]", 3)
    assert sleeps[1] == 7.0 and len(sleeps) == 2
    assert all("apikey=KEY" in path and "symbol=AAPL" in path for path in seen)


def test_gives_up_after_bounded_attempts_and_returns_last_answer(scripted_server):
    base, script, _ = scripted_server
    script += [(500, {}, b"e1"), (500, {}, b"e2")]
    client = FmpClient(base, "KEY", retry=RetryPolicy(max_attempts=2), sleep=lambda s: None)
    result = client.get("profile", {"symbol": "AAPL"})
    assert (result.status, result.body, result.attempts) == (500, b"e2", 2)


def test_client_errors_are_not_retried(scripted_server):
    base, script, seen = scripted_server
    script += [(401, {}, b'{"Error Message": "Invalid API KEY."}')]
    result = FmpClient(base, "KEY", sleep=lambda s: None).get("profile", {"symbol": "AAPL"})
    assert result.status == 401 and result.attempts == 1 and len(seen) == 1


def test_connection_error_message_never_contains_the_key():
    client = FmpClient("http://127.0.0.1:9/stable", "SECRET-KEY-XYZ", retry=RetryPolicy(max_attempts=2), sleep=lambda s: None)
    result = client.get("profile", {"symbol": "AAPL"})
    assert result.status is None and result.attempts == 2
    assert result.transport_error and "SECRET-KEY-XYZ" not in result.transport_error


def _closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_refused_connection_is_unreachable_and_spends_no_budget():
    from ingestion.ratelimit import RateLimiter

    # A daily budget of 2: four attempts that never connect must not spend it (nor be refused by it).
    limiter = RateLimiter(calls_per_day=2)
    port = _closed_port()
    client = FmpClient(f"http://127.0.0.1:{port}/stable", "KEY", limiter=limiter,
                       retry=RetryPolicy(max_attempts=4), sleep=lambda s: None)
    result = client.get("profile", {"symbol": "AAPL"})
    assert (result.status, result.attempts, result.api_calls) == (None, 4, 0)
    assert result.unreachable == f"cannot reach 127.0.0.1:{port}: connection refused (is the server running?)"
    assert result.transport_error == result.unreachable
    assert limiter.used == 0


def test_name_resolution_failure_names_the_host():
    client = FmpClient("http://nonexistent.invalid/stable", "KEY", retry=RetryPolicy(max_attempts=2), sleep=lambda s: None)
    result = client.get("stock-list", {})
    assert result.unreachable == "cannot reach nonexistent.invalid: name resolution failed (no network?)"
    assert result.api_calls == 0


def test_calls_count_only_attempts_that_got_a_response(scripted_server):
    base, script, _ = scripted_server
    script += [(503, {}, b"busy"), (200, {}, b"[{}]")]
    result = FmpClient(base, "KEY", sleep=lambda s: None).get("profile", {"symbol": "AAPL"})
    assert (result.attempts, result.api_calls, result.unreachable) == (2, 2, None)
