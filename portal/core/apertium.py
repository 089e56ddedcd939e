"""Machine translation between bokmål and nynorsk with Debian's Apertium, on this machine.

Apertium (`apt-get install apertium apertium-nno-nob`) is optional: without it every
function here answers None (no machine draft, no nynorsk -> bokmål normalisation) and
the portal goes on working. Nothing leaves the machine: the text goes to a local
`apertium` process on stdin, never through a shell.

Modes: `nob-nno_e` gives the e-infinitive nynorsk the interface uses ("gjere"; plain
`nob-nno` would give "gjera"), `nno-nob` goes back.
"""

from __future__ import annotations

import functools
import logging
import re
import shutil
import subprocess

log = logging.getLogger(__name__)

COMMAND = "apertium"  # tests point this at a missing program
MODES = {("nb", "nn"): "nob-nno_e", ("nn", "nb"): "nno-nob"}
TIMEOUT = 10.0  # seconds for one text; a batch gets more (see batch_timeout)
MAX_CHARS = 20_000  # longer texts are not translated (an issue's description is far shorter)

# Texts of a batch go to one process, one paragraph each, with this line between them:
# Apertium's txt format keeps blank lines and passes ".[][]" through untouched (checked
# with apertium 3.8 and apertium-nno-nob 1.5). A text containing "[][]" is changed to
# "[] []" first, so the separator cannot appear inside a text.
SEPARATOR = ".[][]"
_JOIN = f"\n\n{SEPARATOR}\n\n"
_SPLIT = re.compile(r"\s*^\.\[\]\[\]$\s*", re.MULTILINE)
# Apertium marks an unknown word "*word", a word its bilingual dictionary lacks "@word" and
# one it could not generate "#word". Only a mark at the start of a word is removed, so an
# address like ola@uni.no survives.
_MARK = re.compile(r"(?<![\w@#*])[*@#](?=\w)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _mode(source: str, target: str) -> str | None:
    return MODES.get((source, target))


@functools.lru_cache(maxsize=8)
def _modes_of(command: str) -> frozenset[str]:
    """The translation directions installed for `command` (empty if it is missing or fails)."""
    program = shutil.which(command)
    if program is None:
        return frozenset()
    try:
        done = subprocess.run(  # noqa: S603 - fixed argument list, no shell
            [program, "-l"], capture_output=True, text=True, timeout=TIMEOUT, check=False
        )
    except (OSError, subprocess.SubprocessError) as error:
        log.warning("apertium -l failed: %s", error)
        return frozenset()
    return frozenset(done.stdout.split())


def apertium_available(source: str = "nn", target: str = "nb") -> bool:
    """True when Apertium is installed with the mode for this direction (checked once)."""
    mode = _mode(source, target)
    return mode is not None and mode in _modes_of(COMMAND)


def clean_output(text: str) -> str:
    return _MARK.sub("", text).strip()


def _clean_input(text: str) -> str:
    text = _CONTROL.sub(" ", text or "").replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("[][]", "[] []").strip()


def batch_timeout(texts: list[str]) -> float:
    # About 2 ms per short text after a 0.3 s start (measured); generous for a busy machine.
    return TIMEOUT + sum(len(t) for t in texts) / 2_000


def _run(mode: str, text: str, timeout: float) -> str | None:
    program = shutil.which(COMMAND)
    if program is None:
        return None
    try:
        done = subprocess.run(  # noqa: S603 - fixed argument list, no shell, text on stdin
            [program, mode],
            input=text,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.SubprocessError, ValueError) as error:
        log.warning("apertium %s failed: %s", mode, error)
        return None
    if done.returncode != 0:
        log.warning("apertium %s exited with %s: %s", mode, done.returncode, done.stderr[:200])
        return None
    return done.stdout


def machine_translate(text: str, source: str, target: str, *, timeout: float = TIMEOUT) -> str | None:
    """`text` from `source` to `target` ("nb" or "nn"); the same text when they are equal.

    None for an empty text, when Apertium or the direction is not installed, the text is
    too long, or the process fails or times out. Never raises."""
    if not (text or "").strip():
        return None  # nothing to draft
    if source == target:
        return text
    return translate_many([text], source, target, timeout=timeout)[0]


def translate_many(
    texts: list[str], source: str, target: str, *, timeout: float | None = None
) -> list[str | None]:
    """Many short texts in ONE Apertium process, in order. An empty text stays empty.

    A list of None (same length) when Apertium cannot be used; a text over MAX_CHARS gets
    None on its own. Never raises."""
    if source == target:
        return list(texts)
    mode = _mode(source, target)
    result: list[str | None] = [None] * len(texts)
    if mode is None or not texts or not apertium_available(source, target):
        return result
    cleaned = [_clean_input(t) for t in texts]
    todo = [n for n, t in enumerate(cleaned) if t and len(t) <= MAX_CHARS]
    for n, text in enumerate(cleaned):
        if not text:
            result[n] = ""
    if not todo:
        return result
    batch = [cleaned[n] for n in todo]
    output = _run(mode, _JOIN.join(batch), timeout if timeout is not None else batch_timeout(batch))
    if output is None:
        return result
    parts = _SPLIT.split(output.strip())
    if len(parts) != len(todo):
        log.warning("apertium %s returned %s parts for %s texts", mode, len(parts), len(todo))
        return result
    for n, part in zip(todo, parts, strict=True):
        result[n] = clean_output(part)
    return result
