"""Exit 0 when the PostgreSQL server of the given URL answers within a few seconds, else 1."""

from __future__ import annotations

import sys
import time

import dj_database_url
import psycopg


def main(url: str) -> int:
    cfg = dj_database_url.parse(url)
    deadline = time.monotonic() + 10
    while True:
        try:
            with psycopg.connect(
                host=cfg["HOST"] or "127.0.0.1", port=cfg["PORT"] or 5432, user=cfg["USER"] or "postgres",
                password=cfg["PASSWORD"] or None, dbname="postgres", connect_timeout=3,
            ):  # fmt: skip
                return 0
        except psycopg.OperationalError as exc:
            if time.monotonic() > deadline:
                print(f"PostgreSQL not reachable: {exc}", file=sys.stderr)
                return 1
            time.sleep(1)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
