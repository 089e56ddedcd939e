"""Machine drafts between bokmål and nynorsk with Apertium, on this server (nothing leaves it).

A minimal version of the interface `apertium_available()` and
`machine_translate(text, source, target) -> str | None`; the portal's own module with the
same interface replaces it. Debian's `apertium-nno-nob` gives the modes `nob-nno_e`
(e-infinitive nynorsk, as the interface writes it: "gjere") and `nno-nob`.
"""

from __future__ import annotations

import shutil
import subprocess  # noqa: S404 - a fixed program with fixed arguments; the text goes on stdin

MODES = {("nb", "nn"): "nob-nno_e", ("nn", "nb"): "nno-nob"}
TIMEOUT_SECONDS = 20
MAX_CHARACTERS = 50_000


def apertium_available() -> bool:
    """True when the `apertium` program is installed (the language pair is checked on use)."""
    return shutil.which("apertium") is not None


def machine_translate(text: str, source: str, target: str) -> str | None:
    """`text` from `source` to `target` ("nb" or "nn"), or None when it cannot be done
    (no Apertium, no such pair, an error or a timeout). Apertium marks words it does not
    know with `*`; those marks are removed, the words stay as written."""
    mode = MODES.get((source, target))
    program = shutil.which("apertium")
    if mode is None or not text or not text.strip() or program is None:
        return None
    try:
        result = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [program, "-u", mode],
            input=text[:MAX_CHARACTERS],
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0 or not result.stdout.strip():
        return None
    return result.stdout.rstrip("\n")
