"""Helpers for tests (and bench/slow_clients.py) that talk HTTP to real servers on loopback:
free ports, raw requests, slow clients."""

import contextlib
import http.client
import os
import re
import socket
import threading
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(**extra) -> dict:
    """The environment of a server on the session's test database, speaking plain HTTP."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.serving.settings",
        "CRM_TEST_DATABASE": settings.DATABASES["default"]["NAME"],
        "SECURE_HTTPS": "false",
        "DEBUG": "false",
        "PYTHONPATH": str(ROOT),
        **extra,
    }


def request(port: int, method: str, path: str, headers=None, body=None, timeout: float = 10):
    """One request on a new connection: (status, headers as a dict with lower-case names, body)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return (
            response.status,
            {name.lower(): value for name, value in response.getheaders()},
            response.read(),
        )
    finally:
        conn.close()


def raw_exchange(port: int, data: bytes, timeout: float = 5) -> bytes:
    """Send bytes as they are (malformed requests too); the answer, read to its Content-Length.

    Not read to the end of the stream: after refusing a request whose body was not sent, nginx
    may hold the connection open a while, or reset it.
    """
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(data)
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = sock.recv(65536)
            if not chunk:
                return answer
            answer += chunk
        head, _, body = answer.partition(b"\r\n\r\n")
        length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
        while length and len(body) < int(length.group(1)):
            chunk = sock.recv(65536)
            if not chunk:
                break
            body += chunk
    return head + b"\r\n\r\n" + body


class SlowClients:
    """Slowloris: connections that send a request head one header line at a time, forever."""

    def __init__(self, port: int, count: int, interval: float):
        self.sockets = []
        for _ in range(count):
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            sock.sendall(b"GET /api/crm/contacts HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            self.sockets.append(sock)
        self.interval = interval
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._trickle, daemon=True)
        self.thread.start()

    def _trickle(self):
        line = 0
        while not self.done.wait(self.interval):
            line += 1
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.sendall(f"X-Slow-{line}: 1\r\n".encode())

    def still_open(self) -> int:
        """How many the server has not closed (nor answered)."""
        open_count = 0
        for sock in self.sockets:
            sock.setblocking(False)
            try:
                sock.recv(1)  # an answer or the end of the stream: the server let go
            except BlockingIOError:
                open_count += 1  # nothing to read: still waiting for the rest of the head
            except OSError:
                pass
        return open_count

    def close(self):
        self.done.set()
        self.thread.join()
        for sock in self.sockets:
            sock.close()
