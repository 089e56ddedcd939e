"""`make bench`: the scale benchmarks of issue #14 at one scale, from scratch if need be.

    .venv/bin/python -m bench.run [--scale 1k|10k|100k] [--regenerate] [--repeat 2] [--duration 10]
                                  [--only generate,pages,growth,documents]

1. Generates the databases that are missing (portal_bench_1k, _10k, _100k up to --scale;
   all of them again with --regenerate), with bench.generate.
2. bench.pages at --scale: every page and the write path, portal against the bare app.
3. bench.growth over the scales up to --scale.
4. bench.documents at --scale.

Needs PostgreSQL on 127.0.0.1 and wrk. The other benchmarks (bench.issue_lists,
bench.voting_load, bench.mail_workers, bench.grouping, bench.survey_load) use databases of
their own and run on their own (bench/README.md).
"""

from __future__ import annotations

import argparse
import subprocess
import sys

from bench.common import SCALES, database_exists, default_url, sidecar_path

STEPS = ("generate", "pages", "growth", "documents")


def run(*args: str) -> int:
    print(f"== python -m {' '.join(args)}", flush=True)
    return subprocess.call([sys.executable, "-m", *args])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=list(SCALES), default="100k")
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--only", default=",".join(STEPS))
    args = parser.parse_args()
    steps = set(args.only.split(","))
    scales = list(SCALES)[: list(SCALES).index(args.scale) + 1]
    failed = 0
    if "generate" in steps:
        for scale in scales:
            url = default_url(scale)
            if args.regenerate or not database_exists(url) or not sidecar_path(url).exists():
                failed |= run("bench.generate", "--issues", str(SCALES[scale]), "--database-url", url)
    url = default_url(args.scale)
    if "pages" in steps:
        failed |= run("bench.pages", "--database-url", url, "--repeat", str(args.repeat),
                      "--duration", str(args.duration))  # fmt: skip
    if "growth" in steps:
        failed |= run("bench.growth", "--scales", ",".join(scales))
    if "documents" in steps:
        failed |= run("bench.documents", "--database-url", url)
    return failed


if __name__ == "__main__":
    sys.exit(main())
