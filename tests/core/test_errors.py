"""Error pages exist in all three languages and never show a stack trace."""

import pytest

TITLES = {
    400: {
        "nb": "Forespørselen kunne ikke forstås",
        "nn": "Førespurnaden kunne ikkje forståast",
        "en": "The request could not be understood",
    },
    403: {
        "nb": "Du har ikke tilgang til denne siden",
        "nn": "Du har ikkje tilgang til denne sida",
        "en": "You do not have access to this page",
    },
    404: {"nb": "Fant ikke siden", "nn": "Fann ikkje sida", "en": "Page not found"},
    429: {"nb": "For mange forsøk", "nn": "For mange forsøk", "en": "Too many attempts"},
    500: {
        "nb": "Noe gikk galt hos oss",
        "nn": "Noko gjekk gale hos oss",
        "en": "Something went wrong on our side",
    },
}


@pytest.mark.parametrize("code", list(TITLES))
@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_error_page_is_translated(client, code, language):
    response = client.get(f"/_test/fail/{code}", headers={"Accept-Language": language})
    assert response.status_code == code
    text = response.get_data(as_text=True)
    assert TITLES[code][language] in text
    assert f'<html lang="{language}">' in text
    assert "Traceback" not in text
    assert "boom" not in text
