"""How well the committee's inbox groups the same problem across campuses and languages.

    .venv/bin/python -m bench.grouping [--threshold 0.2] [--linkage average|single] [--sweep]
                                       [--scale 10,50] [--no-apertium]

Runs portal/committee/similarity.py over the labelled issues in
tests/data/grouping_issues.toml (bokmål, nynorsk and English, labelled with their problem
and category) and prints pairwise precision, recall and F1 and the B-cubed ones, beside
the same figures for the old grouping by shared words (formerly portal.committee.queries.
group_similar, now here), both within categories (as the inbox groups) and over all issues at once
(the text alone has to keep problems apart). It times the signatures (once per issue, at
escalation) and the grouping (at every inbox view), and the grouping again on the set
copied --scale times, to show how it grows. Writes bench/results/grouping.json.
"""

from __future__ import annotations

import argparse
import json
import random
import time
import tomllib
from itertools import combinations
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "grouping_issues.toml"
HOLDOUT = ROOT / "tests" / "data" / "grouping_holdout.toml"
RESULTS = Path(__file__).resolve().parent / "results"


def load(path: Path = DATA) -> tuple[list[dict], list[dict]]:
    with path.open("rb") as file:
        data = tomllib.load(file)
    return data["issue"], data.get("apart", [])


def vary(signature: str, copy: int, vocabulary: list[str], rng: random.Random) -> str:
    """A copy of a signature as another student might have worded it: about a third of
    its description terms dropped and two unrelated terms added (copy 0 is the original)."""
    if copy == 0:
        return signature
    title, _, rest = signature.partition(" | ")
    kept = [t for t in rest.split() if rng.random() > 0.3] + rng.sample(vocabulary, 2)
    return f"{title} | {' '.join(kept)}"


def pairwise(groups: list[list[str]], truth: dict[str, str]) -> dict[str, float]:
    """Precision, recall and F1 over pairs of issues put together / belonging together."""
    predicted = {frozenset(p) for g in groups for p in combinations(g, 2)}
    ids = list(truth)
    actual = {frozenset((a, b)) for a, b in combinations(ids, 2) if truth[a] == truth[b]}
    hits = len(predicted & actual)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(actual) if actual else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def bcubed(groups: list[list[str]], truth: dict[str, str]) -> dict[str, float]:
    """B-cubed precision and recall: per issue, the share of its group that has its label,
    and the share of its label that is in its group (averaged over issues)."""
    from collections import Counter

    label_sizes = Counter(truth.values())
    precision = recall = 0.0
    for group in groups:
        for label, count in Counter(truth[i] for i in group).items():
            precision += count * count / len(group)
            recall += count * count / label_sizes[label]
    precision, recall = precision / len(truth), recall / len(truth)
    return {"precision": precision, "recall": recall, "f1": 2 * precision * recall / (precision + recall)}


def scores(groups, truth) -> dict:
    return {"pairwise": pairwise(groups, truth), "bcubed": bcubed(groups, truth)}


# The inbox's former grouping (until the groups were stored at escalation), kept as the
# baseline: issues are alike when their titles share two word starts, or their texts share
# two and a third of the shorter one's; an issue alike to one member joins the group.
GENERIC_WORDS = frozenset(
    [
        "student",
        "studenter",
        "studentar",
        "studentane",
        "studentene",
        "students",
        "campus",
        "campusen",
        "emne",
        "emnet",
        "course",
        "courses",
        "problem",
        "problemet",
        "problema",
        "issue",
    ]
)
KEY_LENGTH = 5


def wording_keys(text: str) -> set[str]:
    from portal.issues.search import words

    return {w[:KEY_LENGTH] for w in words(text, limit=40) if w not in GENERIC_WORDS}


def group_similar(issues: list) -> list[list]:
    keys = [(wording_keys(i.title), wording_keys(f"{i.title} {i.description}")) for i in issues]
    parent = list(range(len(issues)))

    def root(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    def similar(a, b) -> bool:
        (title_a, text_a), (title_b, text_b) = a, b
        if len(title_a & title_b) >= 2:
            return True
        shared = len(text_a & text_b)
        return shared >= 2 and shared * 10 >= 3 * min(len(text_a), len(text_b))

    for a in range(len(issues)):
        for b in range(a + 1, len(issues)):
            if root(a) != root(b) and similar(keys[a], keys[b]):
                parent[root(b)] = root(a)
    groups: dict[int, list] = {}
    for n, issue in enumerate(issues):
        groups.setdefault(root(n), []).append(issue)
    return list(groups.values())


def old_grouping(issues: list[dict], by_category: bool) -> list[list[str]]:
    buckets: dict[str, list] = {}
    for issue in issues:
        key = issue["category"] if by_category else "all"
        buckets.setdefault(key, []).append(SimpleNamespace(**issue))
    return [[i.id for i in g] for members in buckets.values() for g in group_similar(members)]


def new_grouping(issues, signatures, by_category: bool, **options) -> list[list[str]]:
    from portal.committee.similarity import group_signatures

    items = [
        (i["id"], i["category"] if by_category else "all", s) for i, s in zip(issues, signatures, strict=True)
    ]
    return group_signatures(items, **options)


def incremental_grouping(issues, signatures, order=None) -> list[list[str]]:
    """As the inbox builds its groups now: each issue, in the order escalated, joins the
    group that similarity.place picks among the issues already there (portal/committee/
    grouping.py), with no batch regroup."""
    from portal.committee.similarity import place

    placed: list[tuple[dict, str, str]] = []  # (issue, signature, group key)
    for n in order if order is not None else range(len(issues)):
        issue, signature = issues[n], signatures[n]
        same = [(key, s) for i, s, key in placed if i["category"] == issue["category"]]
        corpus = [s for i, s, _key in placed if i["category"] != issue["category"]]
        key = place(signature, same, corpus)
        placed.append((issue, signature, key if key is not None else issue["id"]))
    groups: dict[str, list[str]] = {}
    for issue, _s, key in placed:
        groups.setdefault(key, []).append(issue["id"])
    return list(groups.values())


def agreement(a: list[list[str]], b: list[list[str]]) -> dict[str, float]:
    """How far two groupings of the same issues agree: the share of pairs both put together
    or both keep apart (Rand index), and pairwise F1 of one against the other."""
    ids = [i for g in a for i in g]
    of_a = {i: n for n, g in enumerate(a) for i in g}
    of_b = {i: n for n, g in enumerate(b) for i in g}
    same = sum((of_a[x] == of_a[y]) == (of_b[x] == of_b[y]) for x, y in combinations(ids, 2))
    total = len(ids) * (len(ids) - 1) // 2
    return {"rand": same / total if total else 1.0, "f1": pairwise(a, {i: of_b[i] for i in ids})["f1"]}


def line(name: str, figures: dict) -> str:
    p, b = figures["pairwise"], figures["bcubed"]
    return (
        f"  {name:<34} pairwise P {p['precision']:.2f} R {p['recall']:.2f} F1 {p['f1']:.2f}"
        f"   B-cubed P {b['precision']:.2f} R {b['recall']:.2f} F1 {b['f1']:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--linkage", choices=("average", "single"), default="average")
    parser.add_argument("--sweep", action="store_true", help="F1 for thresholds 0.05 to 0.6")
    parser.add_argument("--scale", default="10,50", help="copies of the set for the timing of grouping")
    parser.add_argument("--no-apertium", action="store_true", help="as on a machine without Apertium")
    parser.add_argument("--show", action="store_true", help="print every signature and group")
    args = parser.parse_args()

    from portal.committee import similarity
    from portal.core import apertium

    if args.no_apertium:
        apertium.COMMAND = "apertium-not-installed"
    threshold = args.threshold if args.threshold is not None else similarity.THRESHOLD
    options = {"threshold": threshold, "linkage": args.linkage}

    issues, apart = load()
    truth = {i["id"]: i["problem"] for i in issues}
    triples = [(i["title"], i["description"], i["language"]) for i in issues]
    started = time.perf_counter()
    similarity.issue_signatures(triples)  # the first call also loads the dictionary and word lists
    first_seconds = time.perf_counter() - started
    started = time.perf_counter()
    signatures = similarity.issue_signatures(triples)
    signature_seconds = time.perf_counter() - started
    started = time.perf_counter()
    one_by_one = [similarity.issue_signature(*t) for t in triples[:10]]
    single_seconds = (time.perf_counter() - started) / len(one_by_one)

    print(
        f"{len(issues)} issues, {len(set(truth.values()))} problems; Apertium: {apertium.apertium_available()}"
    )
    print(f"linkage {args.linkage}, threshold {threshold}")
    result: dict = {"issues": len(issues), "apertium": apertium.apertium_available(), **options}
    for by_category in (True, False):
        label = "within categories" if by_category else "all issues at once"
        started = time.perf_counter()
        groups = new_grouping(issues, signatures, by_category, **options)
        group_ms = (time.perf_counter() - started) * 1000
        new, old = scores(groups, truth), scores(old_grouping(issues, by_category), truth)
        print(f"{label}:")
        print(line("signatures (new)", new))
        print(line("shared words (old group_similar)", old))
        result["within_categories" if by_category else "all_at_once"] = {
            "new": new,
            "old": old,
            "group_ms": group_ms,
        }
        if args.show:
            for g in groups:
                print("   ", [f"{i}" for i in g])
    groups = new_grouping(issues, signatures, True, **options)
    if threshold == similarity.THRESHOLD and args.linkage == "average":
        print("incremental (placed one by one at escalation) against the batch regroup:")
        runs = []
        for seed in range(6):
            order = list(range(len(issues)))
            if seed:
                random.Random(seed).shuffle(order)
            placed = incremental_grouping(issues, signatures, order)
            runs.append({"labels": scores(placed, truth), "batch": agreement(placed, groups)})
            name = "in file order" if seed == 0 else f"random order {seed}"
            figures = runs[-1]["batch"]
            print(line(f"incremental, {name}", runs[-1]["labels"]))
            print(
                f"    agreement with the batch: Rand {figures['rand']:.3f}, pairwise F1 {figures['f1']:.2f}"
            )
        result["incremental"] = runs
    group_of = {i: n for n, g in enumerate(groups) for i in g}
    kept_apart = [(p["a"], p["b"]) for p in apart if group_of[p["a"]] != group_of[p["b"]]]
    print(f"near misses kept apart: {len(kept_apart)} of {len(apart)}")
    example = ["exam-1", "exam-2", "exam-3"]
    together = len({group_of[i] for i in example}) == 1
    print("three-language example (nn, nb, en):", "one group" if together else "NOT one group")
    by_id = {i["id"]: (i, s) for i, s in zip(issues, signatures, strict=True)}
    for key in example:
        issue, signature = by_id[key]
        print(f"  {issue['language']}  {issue['title']!r}\n      -> {signature}")
    print(
        f"signatures: {first_seconds * 1000:.0f} ms for the first batch (loads the word lists); "
        f"{signature_seconds * 1000:.0f} ms for all {len(issues)} in one batch "
        f"({signature_seconds / len(issues) * 1000:.1f} ms each); "
        f"{single_seconds * 1000:.0f} ms for one issue alone"
    )
    result.update(
        near_misses_apart=len(kept_apart),
        near_misses=len(apart),
        three_languages_together=together,
        signature_first_batch_ms=first_seconds * 1000,
        signature_batch_ms=signature_seconds * 1000,
        signature_single_ms=single_seconds * 1000,
    )
    held, _apart = load(HOLDOUT)
    held_signatures = similarity.issue_signatures(
        [(i["title"], i["description"], i["language"]) for i in held]
    )
    held_truth = {i["id"]: i["problem"] for i in held}
    print(
        f"held-out set ({len(held)} issues, {len(set(held_truth.values()))} problems, not used for tuning):"
    )
    alone = scores(new_grouping(held, held_signatures, True, **options), held_truth)
    print(line("signatures (new), on its own", alone))
    print(line("shared words (old group_similar)", scores(old_grouping(held, True), held_truth)))
    both_truth = {**truth, **held_truth}
    both = scores(new_grouping(issues + held, signatures + held_signatures, True, **options), both_truth)
    print(line("signatures (new), with the tuning set", both))
    print(
        line("shared words (old), with the tuning set", scores(old_grouping(issues + held, True), both_truth))
    )
    result["holdout"] = {"alone": alone, "with_tuning_set": both}
    timings = {}
    rng = random.Random(13)
    vocabulary = sorted({t for s in signatures for t in s.replace("|", " ").split()})
    for copies in [int(c) for c in args.scale.split(",") if c]:
        items = [
            (f"{i['id']}#{c}", i["category"], vary(s, c, vocabulary, rng))
            for c in range(copies)
            for i, s in zip(issues, signatures, strict=True)
        ]
        started = time.perf_counter()
        groups = similarity.group_signatures(items, **options)
        seconds = time.perf_counter() - started
        timings[len(items)] = seconds * 1000
        figures = bcubed(groups, {i: truth[i.partition("#")[0]] for i, _c, _s in items})
        print(
            f"grouping {len(items)} stored signatures (varied copies): {seconds * 1000:.0f} ms, "
            f"B-cubed P {figures['precision']:.2f} R {figures['recall']:.2f}"
        )
    result["group_ms_by_size"] = timings
    if args.sweep:
        print("threshold sweep (within categories / all at once, pairwise):")
        for step in range(1, 25):
            value = step * 0.025
            within = scores(
                new_grouping(issues, signatures, True, threshold=value, linkage=args.linkage), truth
            )
            alone = scores(
                new_grouping(issues, signatures, False, threshold=value, linkage=args.linkage), truth
            )
            print(
                f"  {value:.3f}: P {within['pairwise']['precision']:.2f} R {within['pairwise']['recall']:.2f} "
                f"F1 {within['pairwise']['f1']:.2f}  /  P {alone['pairwise']['precision']:.2f} "
                f"R {alone['pairwise']['recall']:.2f} F1 {alone['pairwise']['f1']:.2f}"
            )
    if args.show:
        for issue, signature in zip(issues, signatures, strict=True):
            print(f"  {issue['id']:<14} {signature}")
    RESULTS.mkdir(exist_ok=True)
    name = "grouping_no_apertium.json" if args.no_apertium else "grouping.json"
    (RESULTS / name).write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
