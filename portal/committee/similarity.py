"""Which escalated issues say the same thing, across bokmål, nynorsk and English.

Two steps, so that the inbox never needs the texts nor Apertium:

1. `issue_signature(title, description, language)` (or `issue_signatures` for many) turns
   an issue's words into canonical bokmål stems, once, when the issue is escalated, to be
   stored with it: nynorsk -> bokmål with Apertium (one process for a whole batch),
   English -> bokmål words through the local English bridge (portal/core/en_nb.py), then
   lower case, stop words out, synonyms to one word (data/nb_canonical.toml), compounds
   split into their parts when both are known words ("eksamensplanen" -> eksamensplan,
   eksamen, plan) and the Snowball Norwegian stemmer. The signature is a short string:
   the title's stems, " | ", the description's other stems.
   Without Apertium, nynorsk words are stemmed as they are (many stems are the same, and
   the synonym list knows the commonest nynorsk forms); without the dictionary, English
   words go through the curated supplement only.

2. `group_signatures([(id, category_id, signature), ...])` groups issues of the same
   category whose signatures are alike, from the stored signatures alone: TF-IDF weights
   (title stems count double, words any complaint uses count half, IDF over the issues
   given), each issue's NEIGHBOURS nearest found through an inverted index over terms of
   limited document frequency (about O(n * k), never all pairs), then average-link
   clustering down to THRESHOLD. Average link rather than single link: one issue that
   mentions two problems must not chain them together. The average similarity of two
   groups is exact (dot product of their summed unit vectors over |A|·|B|); the neighbour
   pairs only decide which groups are compared.

Tuned on tests/data/grouping_issues.toml; bench/grouping.py prints the figures.
"""

from __future__ import annotations

import functools
import heapq
import math
import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import snowballstemmer

from portal.core import apertium, en_nb

SIGNATURE_VERSION = 1  # store it beside the signature; bump it when the normalisation
# changes, and recompute the stored signatures of older versions
THRESHOLD = 0.14  # average cosine similarity at which two groups are joined; see bench/grouping.py
TITLE_WEIGHT = 2.0
MAX_TERMS = 60  # stems kept per signature (title first), so a stored signature stays short
COMMON_SHARE = 0.5  # a term in more than this share of the issues (and in more than
COMMON_MIN = 12  # this many) does not propose candidate pairs: it says little and costs n²;
MAX_POSTING = 200  # nor does one in more than this many issues
NEIGHBOURS = 20  # most similar issues each issue is compared with in full
CANONICAL = Path(__file__).resolve().parents[1] / "core" / "data" / "nb_canonical.toml"
SEPARATOR = " | "
MAX_WORD = 40  # longer "words" are noise (a keyboard held down), and costly to split
MAX_TEXT = 3_000  # characters of a title or description that are read: enough for MAX_TERMS
# stems, and it bounds the time Apertium takes (a long text without full stops takes seconds)
# Stems of words any complaint may use ("too late", "poor", "broken", "impossible"): they
# count half, so "Karakterane kjem for seint" does not join "Eksamensplanen kjem for seint"
# on "seint" alone. Applied when grouping, so stored signatures need not change.
WEAK_TERMS = frozenset(
    [
        "sen",
        "tid",
        "mangl",
        "dår",
        "lang",
        "leng",
        "umu",
        "vansk",
        "stor",
        "høy",
        "lav",
        "god",
        "ødelagt",
        "funger",
        "virk",
        "nok",
        "lit",
        "treg",
        "ukl",
    ]
)
WEAK_WEIGHT = 0.5

WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|[^\W_]*\d[^\W_]*", re.UNICODE)

# Bokmål and nynorsk words that say nothing about which problem an issue is about, and the
# words every issue shares (student, campus, problem).
STOPWORDS = frozenset(
    [
        "alle",
        "alt",
        "altså",
        "andre",
        "annen",
        "annet",
        "anna",
        "anne",
        "at",
        "av",
        "bak",
        "bare",
        "begge",
        "ble",
        "blei",
        "bli",
        "blir",
        "blitt",
        "både",
        "da",
        "dag",
        "dager",
        "de",
        "deg",
        "dei",
        "deira",
        "deires",
        "deim",
        "dem",
        "den",
        "denne",
        "der",
        "dere",
        "deres",
        "det",
        "dette",
        "di",
        "din",
        "disse",
        "dine",
        "ditt",
        "du",
        "eg",
        "ein",
        "eit",
        "eitt",
        "eller",
        "elles",
        "en",
        "ene",
        "eneste",
        "enn",
        "er",
        "et",
        "ett",
        "etter",
        "for",
        "fordi",
        "fra",
        "frå",
        "før",
        "første",
        "gang",
        "ganger",
        "gjennom",
        "gjerne",
        "gjort",
        "gjør",
        "gjøre",
        "gjer",
        "gjere",
        "god",
        "går",
        "ha",
        "hadde",
        "han",
        "har",
        "hatt",
        "hennar",
        "henne",
        "hennes",
        "her",
        "hit",
        "hjå",
        "ho",
        "hoe",
        "hos",
        "hun",
        "hva",
        "hvem",
        "hver",
        "hvert",
        "hvilke",
        "hvilken",
        "hvis",
        "hvor",
        "hvordan",
        "hvorfor",
        "i",
        "ikke",
        "ikkje",
        "ingen",
        "inga",
        "ingenting",
        "inn",
        "inni",
        "ja",
        "jeg",
        "kan",
        "kom",
        "kome",
        "komme",
        "kunne",
        "kva",
        "kvar",
        "kvarandre",
        "kven",
        "kvifor",
        "kvi",
        "korleis",
        "kor",
        "man",
        "mange",
        "me",
        "med",
        "meg",
        "mellom",
        "men",
        "mer",
        "meir",
        "mest",
        "mi",
        "min",
        "mine",
        "mitt",
        "mot",
        "mykje",
        "mye",
        "må",
        "måtte",
        "ned",
        "nei",
        "noe",
        "noen",
        "noko",
        "nokon",
        "nokre",
        "noka",
        "nokså",
        "nokre",
        "når",
        "ny",
        "nå",
        "og",
        "også",
        "om",
        "opp",
        "oss",
        "over",
        "på",
        "rundt",
        "samme",
        "same",
        "seg",
        "selv",
        "sjølv",
        "si",
        "sia",
        "sida",
        "sidan",
        "siden",
        "sin",
        "sine",
        "sitt",
        "skal",
        "skulle",
        "slik",
        "slike",
        "slikt",
        "so",
        "som",
        "somme",
        "så",
        "sånn",
        "til",
        "tilbake",
        "ut",
        "uten",
        "utan",
        "var",
        "vart",
        "vere",
        "verte",
        "vi",
        "vil",
        "ville",
        "vore",
        "vors",
        "vår",
        "våre",
        "vårt",
        "være",
        "vært",
        "ved",
        "vet",
        "veit",
        "vite",
        "visst",
        "ønsker",
        "ønskjer",
        "kanskje",
        "faktisk",
        "veldig",
        "heilt",
        "helt",
        "litt",
        "lite",
        "mye",
        "ganske",
        "altfor",
        "svært",
        "særleg",
        "spesielt",
        "nesten",
        "fortsatt",
        "framleis",
        "enda",
        "endå",
        "igjen",
        "allerede",
        "allereie",
        "alltid",
        "aldri",
        "ofte",
        "stadig",
        "hele",
        "heile",
        "kun",
        "berre",
        "også",
        "òg",
        "dessverre",
        "bør",
        "burde",
        "trenger",
        "treng",
        "trengs",
        "trengst",
        "må",
        "kunne",
        "kan",
        "få",
        "fått",
        "får",
        "gjøres",
        "gjerast",
        "finnes",
        "fins",
        "finst",
        "ting",
        "måte",
        "mens",
        "medan",
        "derfor",
        "difor",
        "ifølge",
        "ift",
        "student",
        "studenter",
        "studentar",
        "studentane",
        "studentene",
        "studenten",
        "studentens",
        "campus",
        "campusen",
        "emne",
        "emnet",
        "emner",
        "emna",
        "fag",
        "faget",
        "problem",
        "problemet",
        "problema",
        "problemer",
        "sak",
        "saka",
        "saken",
        "universitet",
        "universitetet",
        "skole",
        "skolen",
        "komme",
        "kommer",
        "kom",
        "kommet",
        "kjem",
        "kome",
        "kjeme",
        "flere",
        "fleire",
        "fler",
        "gjentatt",
        "gjentatte",
    ]
)


@functools.cache
def _stemmer():
    return snowballstemmer.stemmer("norwegian")


@functools.lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return _stemmer().stemWord(word)


@functools.cache
def _canonical() -> dict[str, tuple[str, ...]]:
    """Stem -> the canonical stems it stands for."""
    with CANONICAL.open("rb") as file:
        table = tomllib.load(file)["canonical"]
    return {
        normal_stem(key.lower()): tuple(normal_stem(v) for v in value.lower().split())
        for key, value in table.items()
    }


@dataclass(frozen=True)
class Lexicon:
    """Known bokmål words, to find a word's base form and a compound's parts: the curated
    lists (`curated`) and the dictionary's Norwegian side; stop words and words under three
    letters left out. A part from the dictionary alone must have four letters or more."""

    curated: frozenset[str]
    words: frozenset[str]
    stems: frozenset[str]


@functools.cache
def _lexicon() -> Lexicon:
    curated: set[str] = set()
    phrases, words = en_nb.supplement()
    for values in [*phrases.values(), *words.values()]:
        curated.update(values)
    with CANONICAL.open("rb") as file:
        for key, value in tomllib.load(file)["canonical"].items():
            curated.update([key, *value.split()])
    every = curated | {w for values in en_nb.freedict().values() for w in values}

    def usable(word: str) -> bool:
        return len(word) >= 3 and word.isalpha() and word not in STOPWORDS

    curated = {w for w in curated if usable(w)}
    every = {w for w in every if usable(w) and (len(w) >= 4 or w in curated)}
    return Lexicon(frozenset(curated), frozenset(every), frozenset(stem(w) for w in every))


_ENDINGS = ("ene", "ane", "ene", "ar", "er", "en", "et", "a", "e", "t")


def _collapse(term: str) -> str:
    # The Snowball stemmer gives "rom" but "romm" (rommene), "ensom" but "ensomm" (ensomme).
    return term[:-1] if len(term) > 3 and term[-1] == term[-2] and term[-1] not in "aeiouyæøå" else term


def _base(word: str) -> str | None:
    """A known word this one is an inflected form of ("uker" -> "uke", "rommene" -> "rom")."""
    lexicon = _lexicon()
    if word in lexicon.words:
        return word
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            root = word[: -len(ending)]
            for candidate in (root, root + "e", _collapse(root)):
                if len(candidate) >= 3 and candidate in lexicon.words:
                    return candidate
    return None


def normal_stem(word: str) -> str:
    """One stem for a word's inflected forms (Snowball's, via the base form when known)."""
    base = _base(word)
    return _collapse(stem(base if base is not None else word))


def _split_compound(word: str, depth: int = 2) -> list[str]:
    """Stems of the parts of a compound whose parts are both known ("lesesalen" -> lese, sal);
    [] for a known word or one that does not split. The longest known last part wins."""
    lexicon = _lexicon()
    if depth == 0 or len(word) < 6 or _base(word) is not None:
        return []
    for cut in range(3, len(word) - 2):
        head, tail = word[:cut], word[cut:]
        if tail in STOPWORDS or _base(tail) is None:
            continue
        linked = head[:-1] if head[-1:] in ("s", "e") and len(head) > 3 else None
        for first in (head, linked):
            if first and first in lexicon.words:
                return [normal_stem(first), normal_stem(tail), *_split_compound(tail, depth - 1)]
    return []


def _terms(words: Iterable[str]) -> list[str]:
    """Canonical stems of bokmål(ish) words, in order, each once."""
    canonical = _canonical()
    seen: dict[str, None] = {}
    for raw in words:
        for word in WORD.findall(raw.lower()):
            word = word.strip("-")
            if not 3 <= len(word) <= MAX_WORD or word in STOPWORDS or word.isdigit():
                continue
            stems = [normal_stem(word)]
            if "-" in word:
                stems += [
                    normal_stem(part) for part in word.split("-") if len(part) >= 3 and part not in STOPWORDS
                ]
            else:
                stems += _split_compound(word)
            for found in stems:
                for term in canonical.get(found, (found,)):
                    if term not in STOPWORDS:
                        seen.setdefault(term, None)
    return list(seen)


# A cheap check of the language tag: a student who wrote in English with the Norwegian
# interface gets the English bridge all the same. Only clear evidence overrides the tag.
_CUES = {
    "en": frozenset(
        [
            "the",
            "and",
            "is",
            "are",
            "was",
            "were",
            "we",
            "our",
            "not",
            "this",
            "that",
            "with",
            "have",
            "has",
            "there",
            "too",
            "of",
            "to",
            "it",
        ]
    ),
    "nb": frozenset(
        [
            "ikke",
            "jeg",
            "hva",
            "hvordan",
            "fra",
            "noe",
            "noen",
            "mye",
            "kommer",
            "hun",
            "hos",
            "hele",
            "hver",
            "uke",
            "mer",
            "flere",
            "ble",
        ]
    ),
    "nn": frozenset(
        [
            "ikkje",
            "eg",
            "kva",
            "korleis",
            "frå",
            "noko",
            "nokon",
            "mykje",
            "kjem",
            "ho",
            "hjå",
            "heile",
            "kvar",
            "veke",
            "meir",
            "fleire",
            "vart",
        ]
    ),
}


def text_language(text: str, tagged: str) -> str:
    """The language to read `text` in: its tag, unless the words clearly say otherwise."""
    tokens = Counter(w.lower() for w in WORD.findall(text or ""))
    scores = {lang: sum(tokens[w] for w in cues) for lang, cues in _CUES.items()}
    best = max(scores, key=scores.__getitem__)
    if best != tagged and scores[best] >= 3 and scores.get(tagged, 0) * 3 <= scores[best]:
        return best
    if tagged in _CUES:
        return tagged
    return best if scores[best] else "nb"


def _bokmal_words(text: str, language: str) -> list[str]:
    return en_nb.bokmal_words(text) if language == "en" else [text]


def _signature(title_words: list[str], description_words: list[str]) -> str:
    title = _terms(title_words)[:MAX_TERMS]
    rest = [t for t in _terms(description_words) if t not in title][: max(MAX_TERMS - len(title), 0)]
    return f"{' '.join(title)}{SEPARATOR}{' '.join(rest)}"


def issue_signatures(issues: Sequence[tuple[str, str, str]]) -> list[str]:
    """Signatures of many (title, description, language) at once: every nynorsk text goes
    through ONE Apertium process."""
    issues = [
        ((title or "")[:MAX_TEXT], (description or "")[:MAX_TEXT], language)
        for title, description, language in issues
    ]
    languages = [text_language(f"{title} {description}", language) for title, description, language in issues]
    nynorsk = [n for n, language in enumerate(languages) if language == "nn"]
    texts = [issues[n][part] or "" for n in nynorsk for part in (0, 1)]
    translated = apertium.translate_many(texts, "nn", "nb") if texts else []
    bokmal: dict[int, tuple[str, str]] = {}
    for position, n in enumerate(nynorsk):
        title, description = translated[2 * position], translated[2 * position + 1]
        if title is not None and description is not None:
            bokmal[n] = (title, description)
    signatures = []
    for n, (title, description, _tag) in enumerate(issues):
        title, description = bokmal.get(n, (title or "", description or ""))
        language = "nb" if n in bokmal else languages[n]
        signatures.append(_signature(_bokmal_words(title, language), _bokmal_words(description, language)))
    return signatures


def issue_signature(title: str, description: str, language: str) -> str:
    """The issue's words as canonical bokmål stems: "title stems | other description stems"."""
    return issue_signatures([(title, description, language)])[0]


def parse_signature(signature: str) -> dict[str, float]:
    """Term -> weight (title terms TITLE_WEIGHT, the others 1)."""
    title, _, rest = (signature or "").partition(SEPARATOR.strip())
    weights = dict.fromkeys(rest.split(), 1.0)
    weights.update(dict.fromkeys(title.split(), TITLE_WEIGHT))
    return weights


def _vectors(signatures: list[str]) -> tuple[list[dict[str, float]], Counter]:
    parsed = [parse_signature(s) for s in signatures]
    frequency = Counter(term for weights in parsed for term in weights)
    return [_unit(weights, frequency, len(parsed)) for weights in parsed], frequency


def _unit(weights: dict[str, float], frequency: Counter, n: int) -> dict[str, float]:
    """The TF-IDF vector of one parsed signature, of length 1 (IDF over n signatures)."""
    vector = {
        t: w * (WEAK_WEIGHT if t in WEAK_TERMS else 1.0) * (math.log((1 + n) / (1 + frequency[t])) + 1)
        for t, w in weights.items()
    }
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {t: v / norm for t, v in vector.items()}


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b[t] for t, v in a.items() if t in b)


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Of two unit vectors."""
    return _dot(a, b)


def similar_pairs(
    vectors: list[dict[str, float]], members: list[int], frequency: Counter, total: int, floor: float
) -> dict[tuple[int, int], float]:
    """Pairs (i < j) of `members` with cosine >= floor, each issue paired with at most
    NEIGHBOURS others: the ones sharing the most weight in terms that are not too common,
    found through an inverted index (work about n * terms * posting length, bounded by
    MAX_POSTING, instead of n² comparisons)."""
    common = max(COMMON_MIN, min(COMMON_SHARE * total, MAX_POSTING))
    postings: dict[str, list[int]] = defaultdict(list)
    for i in members:
        for term in vectors[i]:
            if frequency[term] <= common:
                postings[term].append(i)
    pairs: dict[tuple[int, int], float] = {}
    for i in members:
        shared: dict[int, float] = defaultdict(float)
        for term, weight in vectors[i].items():
            for j in postings.get(term, ()):
                if j != i:
                    shared[j] += weight * vectors[j][term]
        nearest = heapq.nlargest(NEIGHBOURS, shared.items(), key=lambda pair: pair[1])
        for j, _partial in nearest:
            key = (i, j) if i < j else (j, i)
            if key not in pairs:
                score = cosine(vectors[i], vectors[j])
                if score >= floor:
                    pairs[key] = score
    return pairs


def average_link(
    members: list[int],
    pairs: dict[tuple[int, int], float],
    threshold: float,
    vectors: list[dict[str, float]],
) -> list[list[int]]:
    """Agglomerative clustering: join the two groups with the highest average similarity
    while it is at least `threshold`.

    With unit vectors the average cosine over all pairs of two groups is the dot product of
    their summed vectors divided by |A|·|B|, so it is exact, not only over the pairs found.
    The pairs only say which groups are worth comparing: neighbours in the pair graph."""
    size = {m: 1 for m in members}
    group = {m: [m] for m in members}
    total = {m: dict(vectors[m]) for m in members}
    near: dict[int, set[int]] = {m: set() for m in members}
    version = dict.fromkeys(members, 0)
    heap: list[tuple[float, int, int, int, int]] = []
    for (i, j), score in pairs.items():
        near[i].add(j)
        near[j].add(i)
        heapq.heappush(heap, (-score, i, j, 0, 0))
    while heap:
        negative, a, b, version_a, version_b = heapq.heappop(heap)
        if a not in size or b not in size or version[a] != version_a or version[b] != version_b:
            continue  # a group changed since this entry: a newer one is in the heap
        if -negative < threshold:
            break
        if size[b] > size[a]:
            a, b = b, a  # keep the larger group's sum, add the smaller one's
        for term, value in total.pop(b).items():
            total[a][term] = total[a].get(term, 0.0) + value
        size[a] += size.pop(b)
        group[a] += group.pop(b)
        version[a] += 1
        for c in near.pop(b):
            near[c].discard(b)
            if c != a:
                near[c].add(a)
                near[a].add(c)
        near[a].discard(b)
        for c in near[a]:
            score = _dot(total[a], total[c]) / (size[a] * size[c])
            first, second = (a, c) if a < c else (c, a)
            heapq.heappush(heap, (-score, first, second, version[first], version[second]))
    return [sorted(g) for g in group.values()]


def single_link(members: list[int], pairs: dict[tuple[int, int], float], threshold: float) -> list[list[int]]:
    parent = {m: m for m in members}

    def root(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for (i, j), score in pairs.items():
        if score >= threshold:
            parent[root(j)] = root(i)
    groups: dict[int, list[int]] = defaultdict(list)
    for m in members:
        groups[root(m)].append(m)
    return list(groups.values())


def group_signatures(
    items: Iterable[tuple[Hashable, Hashable, str]], *, threshold: float = THRESHOLD, linkage: str = "average"
) -> list[list[Hashable]]:
    """Groups of ids whose signatures say the same thing, within each category.

    `items` are (issue id, category id, stored signature). Every id is in exactly one group;
    groups keep the given order inside, and come in the order of their first member."""
    items = list(items)
    vectors, frequency = _vectors([signature for _id, _category, signature in items])
    by_category: dict[Hashable, list[int]] = defaultdict(list)
    for n, (_id, category, _signature) in enumerate(items):
        by_category[category].append(n)
    groups: list[list[int]] = []
    for members in by_category.values():
        if linkage == "single":
            groups += single_link(
                members, similar_pairs(vectors, members, frequency, len(items), threshold), threshold
            )
        else:
            pairs = similar_pairs(vectors, members, frequency, len(items), threshold / 4)
            groups += average_link(members, pairs, threshold, vectors)
    groups = [sorted(g) for g in groups]
    groups.sort(key=lambda g: g[0])
    return [[items[n][0] for n in g] for g in groups]


GroupKey = TypeVar("GroupKey", bound=Hashable)


def place(
    signature: str, others: Sequence[tuple[GroupKey, str]], corpus: Sequence[str] = ()
) -> GroupKey | None:
    """The group a new issue joins, from the stored signatures alone: of `others`
    ((group, signature) of the issues already escalated in its committee and category), the
    group with the highest average cosine to it (average link, as `group_signatures` joins
    groups), if that is at least THRESHOLD; None starts a group of its own.

    The IDF weights count `corpus` (the signatures of the committee's other escalated
    issues, as the batch regroup sees them) besides `others` and the new one."""
    if not others:
        return None
    parsed = [parse_signature(s) for _group, s in others]
    mine = parse_signature(signature)
    # Document frequencies over all of them; vectors only for the new issue and `others`.
    frequency = Counter(term for weights in parsed for term in weights)
    frequency.update(mine.keys())
    for text in corpus:
        frequency.update(set(text.replace(SEPARATOR.strip(), " ").split()))
    n = len(parsed) + 1 + len(corpus)
    new = _unit(mine, frequency, n)
    totals: dict[GroupKey, dict[str, float]] = defaultdict(dict)
    sizes: Counter = Counter()
    for (group, _signature), weights in zip(others, parsed, strict=True):
        sizes[group] += 1
        total = totals[group]
        for term, value in _unit(weights, frequency, n).items():
            if term in new:  # only shared terms count in the dot product
                total[term] = total.get(term, 0.0) + value
    best, score = None, THRESHOLD
    for group, total in totals.items():
        average = _dot(new, total) / sizes[group]
        if average >= score:
            best, score = group, average
    return best
