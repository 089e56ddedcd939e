"""The local Apertium wrapper: real translations when Apertium is installed, and None (never an
exception) when it is missing, fails or hangs."""

import shutil
import subprocess
import textwrap

import pytest

from portal.core import apertium

needs_apertium = pytest.mark.skipif(
    shutil.which("apertium") is None or not apertium.apertium_available("nn", "nb"),
    reason="Apertium with apertium-nno-nob is not installed (apt-get install apertium apertium-nno-nob)",
)


@pytest.fixture
def runs(monkeypatch):
    """The argument lists of every process the wrapper starts."""
    calls = []
    real = subprocess.run

    def counting(args, **kwargs):
        calls.append(list(args))
        return real(args, **kwargs)

    monkeypatch.setattr(apertium.subprocess, "run", counting)
    return calls


@needs_apertium
def test_nynorsk_to_bokmal():
    assert (
        apertium.machine_translate("Eksamensplanen kjem for seint", "nn", "nb")
        == "Eksamensplanen kommer for sent"
    )


@needs_apertium
def test_bokmal_to_nynorsk_uses_the_e_infinitive():
    nynorsk = apertium.machine_translate("Vi må gjøre noe med det, og jeg vet ikke hva.", "nb", "nn")
    assert "gjere" in nynorsk
    assert "gjera" not in nynorsk
    assert "ikkje" in nynorsk
    assert "kva" in nynorsk


@needs_apertium
def test_unknown_word_marks_are_removed_and_addresses_kept():
    nynorsk = apertium.machine_translate("Jeg har en xyzzq. Skriv til ola@uni.no", "nb", "nn")
    assert "xyzzq" in nynorsk
    assert "*" not in nynorsk
    assert "ola@uni.no" in nynorsk


@needs_apertium
def test_a_batch_is_one_process_and_keeps_order_blank_lines_and_empty_texts(runs):
    texts = [
        "Eg veit ikkje",
        "",
        "Kva skjer?\n\nLesesalen er kald.",
        "Teksten har [][] og .[][] i seg",
        "Dei kjem i morgon",
    ]
    result = apertium.translate_many(texts, "nn", "nb")
    assert [args[1:] for args in runs] == [["nno-nob"]]  # one process for five texts
    assert result[0] == "Jeg vet ikke"
    assert result[1] == ""
    assert "\n\n" in result[2]
    assert result[2].startswith("Hva skjer?")
    assert result[3] is not None
    assert "[] []" in result[3]
    assert result[4].startswith("De kommer")


@needs_apertium
def test_same_language_is_returned_as_it_is(runs):
    assert apertium.machine_translate("Jeg vet ikke", "nb", "nb") == "Jeg vet ikke"
    assert apertium.translate_many(["a", "b"], "nn", "nn") == ["a", "b"]
    assert runs == []


def test_not_installed_gives_none(monkeypatch):
    monkeypatch.setattr(apertium, "COMMAND", "apertium-not-installed-for-this-test")
    assert apertium.apertium_available() is False
    assert apertium.machine_translate("Eg veit ikkje", "nn", "nb") is None
    assert apertium.translate_many(["Eg veit ikkje", "Dei kjem"], "nn", "nb") == [None, None]


def test_unknown_direction_gives_none():
    assert apertium.apertium_available("en", "nb") is False
    assert apertium.machine_translate("Exam timetable", "en", "nb") is None


def _fake_apertium(tmp_path, body: str):
    program = tmp_path / "fake-apertium"
    program.write_text(
        textwrap.dedent(
            f"""\
            #!/bin/sh
            if [ "$1" = "-l" ]; then printf '  nno-nob\\n  nob-nno_e\\n'; exit 0; fi
            {body}
            """
        )
    )
    program.chmod(0o755)
    return str(program)


def test_a_failing_process_gives_none(monkeypatch, tmp_path):
    monkeypatch.setattr(apertium, "COMMAND", _fake_apertium(tmp_path, "echo broken >&2; exit 3"))
    assert apertium.apertium_available() is True
    assert apertium.machine_translate("Eg veit ikkje", "nn", "nb") is None


def test_a_hanging_process_gives_none_after_the_timeout(monkeypatch, tmp_path):
    monkeypatch.setattr(apertium, "COMMAND", _fake_apertium(tmp_path, "exec sleep 30"))
    assert apertium.machine_translate("Eg veit ikkje", "nn", "nb", timeout=0.5) is None


def test_a_batch_that_comes_back_in_the_wrong_number_of_parts_gives_none(monkeypatch, tmp_path):
    monkeypatch.setattr(apertium, "COMMAND", _fake_apertium(tmp_path, "echo 'one text only'"))
    assert apertium.translate_many(["Eg", "Dei"], "nn", "nb") == [None, None]


def test_a_text_over_the_limit_is_not_translated(monkeypatch, tmp_path):
    monkeypatch.setattr(apertium, "COMMAND", _fake_apertium(tmp_path, "cat"))
    result = apertium.translate_many(["x" * (apertium.MAX_CHARS + 1), "Eg veit\x00 ikkje"], "nn", "nb")
    assert result == [None, "Eg veit  ikkje"]  # NUL and control characters never reach the process


def test_marks_are_stripped_only_at_the_start_of_words():
    assert apertium.clean_output("Jeg har *xyzzq og @ord og #form, ola@uni.no * 2 ") == (
        "Jeg har xyzzq og ord og form, ola@uni.no * 2"
    )
