"""A proxy of ours between a client and a real store, that fails or cuts requests on demand.

Push fault tests send through it to Virtuoso: the Nth request of a method answers HTTP 500, or
its connection is closed half-way without an answer, or the body it forwards loses its last
line (a store that keeps less than it was sent).
"""

from __future__ import annotations

import http.client
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from .servers import free_port


@dataclass
class Fault:
    """What to do to the ``nth`` request (1-based) of ``method``: fail, cut or truncate."""

    method: str = "PUT"
    nth: int = 0  # 0: never
    kind: str = "fail"  # fail | cut | truncate
    seen: int = 0
    fired: list[str] = field(default_factory=list)


class FaultProxy:
    """``FaultProxy(target).url`` stands in for ``target`` (scheme and host only)."""

    def __init__(self, target: str) -> None:
        parts = urlsplit(target)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.fault = Fault()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                return

            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                fault = proxy.fault
                # only requests that carry credentials count: a digest challenge round trip
                # sends each request once without them first
                if self.command == fault.method and self.headers.get("Authorization"):
                    fault.seen += 1
                    if fault.seen == fault.nth or (fault.kind == "truncate" and fault.nth == -1):
                        fault.fired.append(self.path)
                        if fault.kind == "fail":
                            self.send_response(500, "Injected failure")
                            self.send_header("Content-Length", "0")
                            self.end_headers()
                            return
                        if fault.kind == "cut":
                            self.close_connection = True
                            self.connection.shutdown(2)
                            return
                        if fault.kind == "truncate" and body.count(b"\n") > 1:
                            body = body[: body.rstrip(b"\n").rfind(b"\n") + 1]
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() not in ("host", "content-length", "connection")}
                upstream = http.client.HTTPConnection(proxy.host, proxy.port, timeout=120)
                upstream.request(self.command, self.path, body=body or None, headers=headers)
                answer = upstream.getresponse()
                data = answer.read()
                self.send_response(answer.status, answer.reason)
                for key, value in answer.getheaders():
                    if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                upstream.close()

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _any

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def arm(self, method: str = "PUT", nth: int = 0, kind: str = "fail") -> Fault:
        self.fault = Fault(method, nth, kind)
        return self.fault

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
