"""One reviewer as a real process: runs CLI commands against a shared database, one JSON line each.

``tests/test_desk_concurrency.py`` starts two of these at once against the same database, so
the conflicts are between operating-system processes with their own connections, as on a desk.
Each command runs through the whole command line (``workbench.cli.cli``: the error handling,
the exit codes, the retries), in process so a hundred commands take seconds, not minutes.

    python desk_worker.py DB_URL PLAN COUNT WORKER START_AT CLAIM [CLAIM...]

PLAN is ``notes``, ``verdicts`` (each carrying the version just read, so the loser of a race
is refused as stale), ``attributions`` or ``mixed``. Every line on stdout is
``{"action", "tag", "code", "stderr"}``; ``tag`` is unique and stored with the change (as a
note, a reason or a quote), so the test can find each saved change in the database.
"""

from __future__ import annotations

import json
import sys
import time

from click.testing import CliRunner
from sqlalchemy import select

from workbench.cli import cli
from workbench.db.engine import Database
from workbench.db.models import Claim

VERDICTS = ("accurate", "mostly_accurate", "misleading", "false", "unproven")
SOURCES = ("Associated Press", "Syrian government", "Russian government", "Syrian Democratic Forces")
ACTIONS = {"notes": ("note",), "verdicts": ("verdict",), "attributions": ("attribute",), "mixed": ("note", "verdict", "attribute")}


def claim_version(database: Database, key: str) -> int:
    with database.reading() as session:
        return session.scalars(select(Claim.version).where(Claim.key == key)).one()


def command(action: str, claim: str, tag: str, step: int, worker: int, version: int) -> list[str]:
    if action == "note":
        return ["note", claim, tag]
    if action == "verdict":
        return ["verdict", claim, VERDICTS[step % len(VERDICTS)], "--reason", tag, "--version", str(version)]
    stance = "asserts" if (step + worker) % 3 else "denies"
    return ["attribute", claim, SOURCES[(step + worker) % len(SOURCES)], stance, "--quote", tag]


def main(url: str, plan: str, count: int, worker: int, start_at: float, claims: list[str]) -> None:
    runner = CliRunner()
    database = Database(url)
    while time.time() < start_at:  # both workers begin together, so their commands overlap
        time.sleep(0.005)
    actions = ACTIONS[plan]
    for step in range(count):
        action = actions[step % len(actions)]
        claim = claims[step % len(claims)]
        tag = f"w{worker}-{step}-{action}"
        version = claim_version(database, claim) if action == "verdict" else 0
        result = runner.invoke(cli, ["--db", url, "--reviewer", f"reviewer-{worker}", *command(action, claim, tag, step, worker, version)])
        crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
        print(json.dumps({
            "action": action, "tag": tag, "code": -1 if crashed else result.exit_code,
            "stderr": result.stderr + (repr(result.exception) if crashed else ""),
        }), flush=True)
    database.dispose()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), sys.argv[6:])
