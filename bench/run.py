"""`make bench`: every benchmark in this folder, one after the other (needs PostgreSQL)."""

from __future__ import annotations

import importlib
import subprocess
import sys

BENCHMARKS = [
    "bench.issue_lists",
    "bench.voting_load",
    "bench.mail_workers",
    "bench.grouping",
    "bench.survey_load",
]


def main() -> int:
    failed = 0
    for name in BENCHMARKS:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError:
            continue
        print(f"== {name}", flush=True)
        failed |= subprocess.call([sys.executable, "-m", name])
    return failed


if __name__ == "__main__":
    sys.exit(main())
