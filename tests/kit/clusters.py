"""Throwaway PostgreSQL clusters made with the server's own binaries: a primary on a free
loopback port, and streaming replicas of it made with `pg_basebackup -R`.

The binaries are Debian's (`/usr/lib/postgresql/<version>/bin`, the newest installed), or those
in CRM_POSTGRES_BIN. PostgreSQL refuses to run as root: as root, the clusters run as the
`postgres` system user, in directories it owns.
"""

import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg

from tests.serving.live import free_port


def postgres_bin() -> Path | None:
    """The directory of initdb, pg_ctl and pg_basebackup; None when they are not installed."""
    if os.environ.get("CRM_POSTGRES_BIN"):
        return Path(os.environ["CRM_POSTGRES_BIN"])
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_basebackup"),
        key=lambda path: int(path.parts[-3]) if path.parts[-3].isdigit() else 0,
    )
    return found[-1].parent if found else None


def _system_user() -> str | None:
    """Who runs the servers: `postgres` when we are root, else ourselves (None)."""
    if os.geteuid() != 0:
        return None
    pwd.getpwnam("postgres")  # KeyError: no such user to run the servers as
    return "postgres"


class Cluster:
    """One PostgreSQL server: its data directory, port, and log file."""

    def __init__(self, bin_dir: Path, root: Path, name: str):
        self.bin_dir = bin_dir
        self.data = root / name
        self.log = root / f"{name}.log"
        self.socket_dir = root
        self.port = free_port()
        self.user = _system_user()

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def run(self, program: str, *args: str) -> None:
        subprocess.run(
            [str(self.bin_dir / program), *args],
            check=True,
            capture_output=True,
            user=self.user,
            cwd=self.socket_dir,
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1"
        self.run(
            "pg_ctl",
            "start",
            "-w",
            "-t",
            "60",
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            options,
        )

    def stop(self) -> None:
        self.run("pg_ctl", "stop", "-w", "-m", "fast", "-D", str(self.data))

    def connect(self, database: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(self.url(database), autocommit=True)


class ClusterPair:
    """A primary and one streaming replica, in a directory of their own."""

    def __init__(self, bin_dir: Path):
        self.root = Path(tempfile.mkdtemp(prefix="crm-clusters-"))
        user = _system_user()
        if user:
            shutil.chown(self.root, user)
        self.primary = Cluster(bin_dir, self.root, "primary")
        self.replica = Cluster(bin_dir, self.root, "replica")

    def start_primary(self, database: str) -> None:
        primary = self.primary
        primary.run(
            "initdb",
            "-D",
            str(primary.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        with open(primary.data / "postgresql.conf", "a") as conf:
            # Streaming replication (replica is the default wal_level; said for the reader),
            # and no durability: these clusters live for one test session.
            conf.write("wal_level = replica\nmax_wal_senders = 4\nfsync = off\n")
            conf.write("synchronous_commit = off\nfull_page_writes = off\n")
        primary.start()
        with primary.connect() as conn:
            conn.execute(f'CREATE DATABASE "{database}"')

    def start_replica(self) -> None:
        """Copy the primary with `pg_basebackup -R` (it writes standby.signal and the primary's
        connection), then start the copy: it streams from the primary from then on."""
        self.primary.run(
            "pg_basebackup",
            "-h",
            "127.0.0.1",
            "-p",
            str(self.primary.port),
            "-U",
            "postgres",
            "-D",
            str(self.replica.data),
            "-R",
            "-X",
            "stream",
            "-c",
            "fast",
        )
        self.replica.start()

    def stop(self) -> None:
        for cluster in (self.replica, self.primary):
            if (cluster.data / "postmaster.pid").exists():
                cluster.stop()
        shutil.rmtree(self.root, ignore_errors=True)
