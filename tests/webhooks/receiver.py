"""A real HTTP receiver on 127.0.0.1 for deliveries to reach, and a signature check written
from the Standard Webhooks specification, independent of the code under test."""

import base64
import hashlib
import hmac
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Reply:
    status: int = 200
    body: bytes = b'{"ok": true}'
    delay: float = 0.0  # seconds before answering
    headers: dict[str, str] = field(default_factory=dict)
    hang_up: bool = False  # close the connection after answering, without saying so


class Receiver:
    """Answers each POST with the next queued `Reply` (200 once the queue is empty) and keeps
    what it received. It speaks HTTP/1.1, keeping a connection open until the sender closes
    it; `connections` counts those it accepted."""

    def __init__(self):
        self.received: list[Received] = []
        self.replies: list[Reply] = []
        self.connections = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self):
                receiver.connections += 1
                super().setup()

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                receiver.received.append(
                    Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                )
                reply = receiver.replies.pop(0) if receiver.replies else Reply()
                time.sleep(reply.delay)
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                    self.close_connection = self.close_connection or reply.hang_up
                except OSError:
                    pass  # the sender gave up waiting

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/hooks"

    def answer(self, *replies: Reply) -> None:
        self.replies.extend(replies)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def verify(secret: str, received: Received, *, tolerance: int = 300) -> bool:
    """What a receiver does: recompute the signature from the raw body and the secret, and
    refuse a timestamp too far from now (replays)."""
    message_id = received.headers["webhook-id"]
    timestamp = received.headers["webhook-timestamp"]
    if abs(time.time() - int(timestamp)) > tolerance:
        return False
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{message_id}.{timestamp}.".encode() + received.body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return any(
        hmac.compare_digest(expected, candidate.removeprefix("v1,"))
        for candidate in received.headers["webhook-signature"].split()
        if candidate.startswith("v1,")
    )
