"""Run the service as in production: nginx in front of gunicorn's sync workers, and a
task-queue worker beside them.

    .venv/bin/python deploy/serve.py [gunicorn options]      # what bin/serve runs

Clients connect to BIND (default 127.0.0.1:8000), where nginx listens; gunicorn (WORKERS
workers, default 3) listens on a Unix socket only nginx talks to. Both run as the invoking user,
nginx with its configuration, pid and temporary files in .local/nginx/. Both logs go to the
terminal. The task-queue worker (`manage.py worker`) runs beside them unless SERVE_WORKER is
false (when workers run on machines of their own). Ctrl-C or SIGTERM stops them all; if one
exits, the others are stopped too.

Without nginx (looked up on PATH, then /usr/sbin), gunicorn serves BIND itself, with a warning:
then a few slow clients can hold every worker (README "Production").

Only the standard library: it runs before and around Django, never inside it.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "deploy" / "nginx.conf"
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
RUN_DIR = ROOT / ".local" / "nginx"
DEFAULT_MAX_BODY_BYTES = 1024 * 1024  # as config/settings.py's API_MAX_BODY_BYTES
DEFAULT_IMPORT_MAX_BYTES = 50 * 1024 * 1024  # as its CONTACT_IMPORT_MAX_BYTES
STOP_GRACE_SECONDS = 25


def find_nginx() -> str | None:
    # /usr/sbin is often not on a non-root user's PATH, and Debian installs nginx there.
    return (
        os.environ.get("NGINX") or shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    )


def render_nginx_conf(
    *,
    listen: str,
    upstream: str,
    run_dir: Path,
    access_log: str = "/dev/stdout",
    error_log: str = "stderr",
    max_body_bytes: int | None = None,
) -> str:
    """deploy/nginx.conf with its placeholders filled in."""
    if max_body_bytes is None:
        max_body_bytes = int(os.environ.get("API_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES))
    # Run as root, nginx would hand its workers to `nobody`, who can read neither the
    # gunicorn socket nor run_dir: keep them as the invoking user.
    user = f"user {_user_and_group()};" if os.geteuid() == 0 else ""
    values = {
        "LISTEN": listen,
        "UPSTREAM": upstream,
        "RUN_DIR": str(run_dir),
        "ACCESS_LOG": access_log,
        "ERROR_LOG": error_log,
        "MAX_BODY_BYTES": str(max_body_bytes),
        "IMPORT_MAX_BYTES": os.environ.get(
            "CONTACT_IMPORT_MAX_BYTES", str(DEFAULT_IMPORT_MAX_BYTES)
        ),
        "USER": user,
    }
    text = TEMPLATE.read_text()
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    return text


def _user_and_group() -> str:
    import grp
    import pwd

    return f"{pwd.getpwuid(os.geteuid()).pw_name} {grp.getgrgid(os.getegid()).gr_name}"


@dataclass
class Stack:
    """nginx, gunicorn and the task-queue worker, started together and stopped together."""

    gunicorn: subprocess.Popen
    nginx: subprocess.Popen | None
    socket_dir: str | None = None
    worker: subprocess.Popen | None = None
    stopped: bool = field(default=False)

    @property
    def processes(self) -> list[subprocess.Popen]:
        return [p for p in (self.nginx, self.gunicorn, self.worker) if p is not None]

    def name_of(self, process: subprocess.Popen) -> str:
        return {id(self.nginx): "nginx", id(self.worker): "worker"}.get(id(process), "gunicorn")

    def first_exited(self) -> subprocess.Popen | None:
        return next((p for p in self.processes if p.poll() is not None), None)

    def stop(self, sig: int = signal.SIGTERM) -> None:
        """Stop nginx first (no new requests), then gunicorn (it finishes the running ones),
        then the worker (it finishes its running jobs, the jobs those requests queued wait)."""
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(sig)
                try:
                    process.wait(STOP_GRACE_SECONDS)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        if self.socket_dir:
            shutil.rmtree(self.socket_dir, ignore_errors=True)
        self.stopped = True


def start(
    *,
    listen: str,
    workers: int = 3,
    gunicorn_args: tuple[str, ...] = (),
    nginx: str | None = None,
    run_dir: Path = RUN_DIR,
    env: dict | None = None,
    access_log: str = "/dev/stdout",
    error_log: str = "stderr",
    gunicorn_output=None,
    max_body_bytes: int | None = None,
) -> Stack:
    """Start gunicorn on a Unix socket and nginx on `listen`, and wait until both answer.

    `gunicorn_output` is a file for gunicorn's stdout and stderr (default: inherited).
    """
    env = {**os.environ, **(env or {})}
    nginx = nginx or find_nginx()
    if nginx is None:
        raise FileNotFoundError("nginx is not installed")
    run_dir.mkdir(parents=True, exist_ok=True)
    # A short path: a Unix socket's path is limited to about 100 bytes.
    socket_dir = tempfile.mkdtemp(prefix="crm-")
    sock = os.path.join(socket_dir, "gunicorn.sock")
    # nginx's access log has the request; a second line per request from gunicorn adds nothing.
    env.setdefault("GUNICORN_ACCESS_LOG", "")
    # nginx appends the client's address to X-Forwarded-For: the rate limits and the admin's
    # lockout take it from there (crm/client_address.py), not from nginx's socket.
    env.setdefault("TRUSTED_PROXY_COUNT", "1")
    gunicorn = subprocess.Popen(
        [*gunicorn_command(), "--bind", f"unix:{sock}", "--workers", str(workers), *gunicorn_args],
        cwd=ROOT,
        env=env,
        stdout=gunicorn_output,
        stderr=gunicorn_output,
    )
    stack = Stack(gunicorn=gunicorn, nginx=None, socket_dir=socket_dir)
    try:
        wait_until(lambda: os.path.exists(sock), gunicorn, "gunicorn")
        conf = run_dir / "nginx.conf"
        conf.write_text(
            render_nginx_conf(
                listen=listen,
                upstream=f"unix:{sock}",
                run_dir=run_dir,
                access_log=access_log,
                error_log=error_log,
                max_body_bytes=max_body_bytes,
            )
        )
        # -e: nginx writes to its compiled-in error log (under /var/log) until it has read
        # the configuration; a non-root user cannot open that one.
        stack.nginx = subprocess.Popen(
            [nginx, "-p", str(run_dir), "-c", str(conf), "-e", error_log], cwd=ROOT
        )
        host, port = split_bind(listen)
        wait_until(lambda: accepts(host, port), stack.nginx, "nginx")
    except BaseException:
        stack.stop()
        raise
    return stack


def gunicorn_command() -> list[str]:
    return [sys.executable, "-m", "gunicorn", "--config", str(GUNICORN_CONF)]


def start_worker() -> subprocess.Popen:
    """`manage.py worker`, in a process group of its own: Ctrl-C in the terminal reaches only
    this script, which sends the worker one SIGTERM (a second signal would stop it at once,
    cutting its running jobs short)."""
    return subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "worker"], cwd=ROOT, process_group=0
    )


def worker_wanted() -> bool:
    return os.environ.get("SERVE_WORKER", "true").strip().lower() not in {"0", "false", "no", "off"}


def split_bind(bind: str) -> tuple[str, int]:
    host, _, port = bind.rpartition(":")
    return host.strip("[]") or "127.0.0.1", int(port)


def accepts(host: str, port: int) -> bool:
    """Whether something listens on host:port."""
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def wait_until(ready, process: subprocess.Popen, name: str, seconds: float = 30) -> None:
    """Wait for ready() to be true; fail if `process` exits first or it takes `seconds`."""
    deadline = time.monotonic() + seconds
    while not ready():
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with status {process.returncode} at start")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{name} did not start within {seconds:.0f} s")
        time.sleep(0.05)


def main(argv: list[str]) -> int:
    bind = os.environ.get("BIND", "127.0.0.1:8000")
    workers = int(os.environ.get("WORKERS", 3))
    if find_nginx() is None:
        print(
            "WARNING: nginx is not installed (apt-get install nginx), so gunicorn serves "
            f"{bind} alone: a few slow clients can hold all {workers} workers. "
            "Production needs a buffering proxy in front (README, Production).",
            file=sys.stderr,
            flush=True,
        )
        command = [*gunicorn_command(), "--bind", bind, "--workers", str(workers), *argv]
        stack = Stack(gunicorn=subprocess.Popen(command, cwd=ROOT), nginx=None)
    else:
        stack = start(listen=bind, workers=workers, gunicorn_args=tuple(argv))
        print(f"nginx on {bind} in front of {workers} gunicorn workers", flush=True)
    if worker_wanted():
        stack.worker = start_worker()
        print("A task-queue worker beside them (Ctrl-C stops all)", flush=True)

    stopping = []

    def on_signal(signum, frame):
        stopping.append(signum)

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, on_signal)
    while not stopping and stack.first_exited() is None:
        time.sleep(0.2)
    exited = stack.first_exited()
    if exited is not None and not stopping:
        print(
            f"{stack.name_of(exited)} exited with status {exited.returncode}; stopping",
            file=sys.stderr,
        )
    stack.stop()
    return 0 if stopping else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
