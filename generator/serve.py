"""`alqa serve`: the built site (and the search API) over HTTP, for localhost or an intranet.

A threading HTTP server from the standard library: enough for a court's intranet, with no
extra process to manage. API routes are added by `register_api`; everything else is a
static file of the built site.
"""

from __future__ import annotations

import json
import signal
import threading
from collections.abc import Callable
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

# route -> handler(query params) -> (status, JSON-able body)
ApiHandler = Callable[[dict[str, list[str]]], tuple[int, object]]
API: dict[str, ApiHandler] = {}


def register_api(route: str, handler: ApiHandler) -> None:
    API[route] = handler


class SiteHandler(SimpleHTTPRequestHandler):
    server_version = "Alqa"
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".ics": "text/calendar",
        ".xml": "application/xml",
        ".atom": "application/atom+xml",
        ".jsonl": "application/jsonl",
        ".md": "text/markdown; charset=utf-8",
    }

    def do_GET(self):  # noqa: N802 (http.server's naming)
        parts = urlsplit(self.path)
        handler = API.get(parts.path)
        if handler is None:
            return super().do_GET()
        try:
            status, body = handler(parse_qs(parts.query))
        except Exception as exc:  # an API bug must not kill the server thread silently
            status, body = 500, {"error": f"internal error: {type(exc).__name__}"}
        payload = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format, *args):  # quiet by default; errors still go to stderr
        if self.server.verbose:  # type: ignore[attr-defined]
            super().log_message(format, *args)


class _Server(ThreadingHTTPServer):
    # the default listen backlog of 5 makes bursts of clients retry their connections
    request_queue_size = 128


def make_server(
    site: Path, host: str = "127.0.0.1", port: int = 8000, verbose: bool = False
) -> ThreadingHTTPServer:
    server = _Server((host, port), partial(SiteHandler, directory=str(site)))
    server.daemon_threads = True
    server.verbose = verbose  # type: ignore[attr-defined]
    return server


def serve_forever(server: ThreadingHTTPServer) -> None:
    """Serve until Ctrl-C or SIGTERM, then close the socket cleanly."""
    stop = threading.Event()

    def _stop(*_):
        stop.set()

    previous = signal.signal(signal.SIGTERM, _stop)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
        signal.signal(signal.SIGTERM, previous)
