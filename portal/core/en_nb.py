"""English words -> bokmål words, on this machine: a bridge for comparing issues, not a translator.

Two local sources, loaded once per process:
- Debian's FreeDict English-Norwegian dictionary (`apt-get install dict-freedict-eng-nor`,
  /usr/share/dictd/freedict-eng-nor.{index,dict.dz}; 11,000 headwords from Wiktionary,
  CC BY-SA). Optional: without it only the supplement is used.
- `data/en_nb_supplement.toml`: learning-environment words the dictionary lacks ("exam",
  "timetable", "canteen", "wifi") or translates unhelpfully ("late" -> "som har gått bort").
  It wins over the dictionary.

An English word found in neither is kept as it is: many are the same in Norwegian issues
(campus, wifi, Canvas, CO2).
"""

from __future__ import annotations

import functools
import gzip
import logging
import re
import tomllib
from pathlib import Path

log = logging.getLogger(__name__)

FREEDICT = Path("/usr/share/dictd/freedict-eng-nor")  # .index and .dict.dz beside it
SUPPLEMENT = Path(__file__).resolve().parent / "data" / "en_nb_supplement.toml"
MAX_WORDS = 1  # translations kept per English word from the dictionary: the first sense's first
# (a second one was more often a rare sense, "second" -> "sekundant", than a help)
LONGEST_PHRASE = 4

WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*|\w+", re.UNICODE)
_NORWEGIAN_WORD = re.compile(r"^[a-zæøåéèêóòôü]+(?:-[a-zæøåéèêóòôü]+)?$")
_SENSE = re.compile(r"^\d+\.\s+")
_TRAILING_NUMBER = re.compile(r"\s+\d+\.$")

STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "am",
        "an",
        "and",
        "any",
        "are",
        "aren",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "cannot",
        "could",
        "couldn",
        "did",
        "didn",
        "do",
        "does",
        "doesn",
        "doing",
        "don",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "isn",
        "it",
        "its",
        "itself",
        "just",
        "let",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "ought",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "wasn",
        "we",
        "were",
        "weren",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "won",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "us",
        "ve",
        "ll",
        "re",
        "s",
        "t",
        "d",
        "m",
        "get",
        "got",
        "gets",
        "getting",
        "go",
        "goes",
        "going",
        "went",
        "gone",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "many",
        "much",
        "lot",
        "lots",
        "any",
        "anyone",
        "anything",
        "every",
        "everyone",
        "everything",
        "something",
        "someone",
        "nothing",
        "nobody",
        "always",
        "never",
        "often",
        "sometimes",
        "again",
        "already",
        "yet",
        "ever",
        "still",
        "also",
        "even",
        "just",
        "really",
        "quite",
        "rather",
        "far",
        "well",
        "back",
        "like",
        "since",
        "via",
        "per",
        "across",
        "around",
        "among",
        "within",
        "without",
        "could",
        "would",
        "shall",
        "might",
        "must",
        "may",
        "need",
        "needs",
        "needed",
        "want",
        "wants",
        "wanted",
        "make",
        "makes",
        "made",
        "came",
        "come",
        "comes",
        "coming",
        "told",
        "tell",
        "tells",
        "say",
        "says",
        "said",
        "took",
        "take",
        "takes",
        "taken",
        "gave",
        "give",
        "gives",
        "put",
        "puts",
        "set",
        "sets",
        "seem",
        "seems",
        "seemed",
        "thing",
        "things",
        "way",
        "ways",
        "fully",
        "totally",
        "completely",
        "almost",
        "anywhere",
        "nowhere",
        "somewhere",
        "everywhere",
        "near",
        "nearly",
        "several",
    ]
)


def _decode_number(text: str) -> int:
    # dictd's index writes offsets and lengths in its own base64 digits.
    digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    number = 0
    for char in text:
        number = number * 64 + digits.index(char)
    return number


def _translations(entry: str) -> list[str]:
    """The single-word translations of one dictionary entry, first sense first."""
    lines = entry.splitlines()[1:]
    words: list[str] = []
    for position, line in enumerate(lines):
        line = line.strip()
        if _SENSE.match(line):
            line = _SENSE.sub("", line)
        elif position != 0:
            continue  # a gloss in English, not a translation
        line = _TRAILING_NUMBER.sub("", line)
        for item in re.split(r"[,;]", line):
            item = item.strip().lower()
            if _NORWEGIAN_WORD.match(item) and item not in words:
                words.append(item)
    return words


@functools.cache
def freedict() -> dict[str, tuple[str, ...]]:
    """English headword -> up to MAX_WORDS bokmål words; empty when the dictionary is missing."""
    index, data = FREEDICT.with_suffix(".index"), FREEDICT.with_suffix(".dict.dz")
    try:
        text = gzip.decompress(data.read_bytes())  # dictzip is gzip with an index in a header
        rows = index.read_text(encoding="utf-8").splitlines()
    except (OSError, EOFError, gzip.BadGzipFile) as error:
        log.info("FreeDict English-Norwegian not available (%s): English words stay English", error)
        return {}
    table: dict[str, list[str]] = {}
    for row in rows:
        parts = row.split("\t")
        if len(parts) != 3 or parts[0].startswith("00database") or " " in parts[0]:
            continue
        try:
            start, length = _decode_number(parts[1]), _decode_number(parts[2])
        except ValueError:
            continue
        entry = text[start : start + length].decode("utf-8", "replace")
        if "<suffix>" in entry.partition("\n")[0] or "<prefix>" in entry.partition("\n")[0]:
            continue  # "ic" -> "isk": not words
        known = table.setdefault(parts[0].lower(), [])
        known.extend(w for w in _translations(entry) if w not in known)
    return {word: tuple(found[:MAX_WORDS]) for word, found in table.items() if found}


@functools.cache
def supplement() -> tuple[dict[tuple[str, ...], tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """(phrases, words) of the curated list; an empty tuple means "drop this word"."""
    with SUPPLEMENT.open("rb") as file:
        data = tomllib.load(file)
    phrases = {
        tuple(WORD.findall(key.lower())): tuple(value.split()) for key, value in data["phrases"].items()
    }
    words = {key.lower(): tuple(value.split()) for key, value in data["words"].items()}
    return phrases, words


def base_forms(word: str) -> list[str]:
    """The word and what it may be the plural, past or -ing form of (rough, for look-ups)."""
    forms = [word]
    if word.endswith("ies") and len(word) > 4:
        forms.append(word[:-3] + "y")
    if word.endswith("es") and len(word) > 4:
        forms.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        forms.append(word[:-1])
    if word.endswith("ed") and len(word) > 4:
        forms += [word[:-2], word[:-1]]
        if len(word) > 5 and word[-3] == word[-4]:
            forms.append(word[:-3])  # dropped -> drop
    if word.endswith("ing") and len(word) > 5:
        forms += [word[:-3], word[:-3] + "e"]
        if word[-4] == word[-5]:
            forms.append(word[:-4])  # planning -> plan
    if word.endswith("ly") and len(word) > 5:
        forms.append(word[:-2])
    return forms


def lookup(word: str) -> tuple[str, ...] | None:
    """Bokmål words for one lower-case English word: () to drop it, None when unknown."""
    _phrases, words = supplement()
    dictionary = freedict()
    forms = base_forms(word)
    for table in (words, dictionary):
        for form in forms:
            if form in table:
                return table[form]
    return None


def bokmal_words(text: str) -> list[str]:
    """The words of an English text as bokmål words, in order; English stop words dropped,
    unknown words kept as they are (lower-cased)."""
    phrases, _words = supplement()
    tokens = [t.lower() for t in WORD.findall(text or "")]
    result: list[str] = []
    n = 0
    while n < len(tokens):
        for size in range(min(LONGEST_PHRASE, len(tokens) - n), 1, -1):
            found = phrases.get(tuple(tokens[n : n + size]))
            if found is None and size >= 2:
                # a plural at the end of a phrase: "reading rooms", "group rooms"
                last = base_forms(tokens[n + size - 1])[1:]
                found = next(
                    (
                        phrases[p]
                        for p in ((*tuple(tokens[n : n + size - 1]), f) for f in last)
                        if p in phrases
                    ),
                    None,
                )
            if found is not None:
                result.extend(found)
                n += size
                break
        else:
            token = tokens[n]
            n += 1
            if token in STOPWORDS:
                continue
            found = lookup(token)
            if found is None and "-" in token:  # "three-week", "wi-fi" when not listed whole
                found = tuple(
                    w for part in token.split("-") if part not in STOPWORDS for w in lookup(part) or (part,)
                )
            result.extend(found if found is not None else (token,))
    return result
