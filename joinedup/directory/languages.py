"""The languages a service can say it works in: ISO 639 codes with their English names.

"en", "EN-gb" and "English" are one language. Listings choose from this list (not free text),
so a resident filtering by language finds every service that speaks it. The list is the
languages most spoken in England and Wales (Census 2021) plus the sign languages; a code not
here is kept as typed by an import but cannot be chosen on the pages.
"""

from __future__ import annotations

# ISO 639-1 where the language has one, ISO 639-3 otherwise (British Sign Language "bfi").
LANGUAGES: dict[str, str] = {
    "en": "English",
    "cy": "Welsh",
    "bfi": "British Sign Language",
    "ar": "Arabic",
    "bn": "Bengali",
    "bg": "Bulgarian",
    "yue": "Cantonese",
    "zh": "Chinese (Mandarin)",
    "cs": "Czech",
    "nl": "Dutch",
    "fa": "Persian (Farsi)",
    "fr": "French",
    "de": "German",
    "el": "Greek",
    "gu": "Gujarati",
    "hi": "Hindi",
    "hu": "Hungarian",
    "it": "Italian",
    "ku": "Kurdish",
    "lv": "Latvian",
    "lt": "Lithuanian",
    "ml": "Malayalam",
    "ne": "Nepali",
    "ps": "Pashto",
    "pl": "Polish",
    "pt": "Portuguese",
    "pa": "Punjabi",
    "ro": "Romanian",
    "ru": "Russian",
    "sk": "Slovak",
    "so": "Somali",
    "es": "Spanish",
    "ta": "Tamil",
    "ti": "Tigrinya",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "vi": "Vietnamese",
}

_BY_NAME = {name.casefold(): code for code, name in LANGUAGES.items()}
# Names people type for the same language.
_BY_NAME.update(
    {
        "mandarin": "zh",
        "chinese": "zh",
        "farsi": "fa",
        "persian": "fa",
        "bsl": "bfi",
        "panjabi": "pa",
        "bangla": "bn",
        "sylheti": "bn",
    }
)


def normalise(text: str) -> str | None:
    """The code for a language given by code ("EN", "en-GB") or English name ("english");
    None if it is not one we list."""
    value = text.strip().casefold()
    if not value:
        return None
    if value in LANGUAGES:
        return value
    base = value.replace("_", "-").split("-")[0]
    if base in LANGUAGES:
        return base
    return _BY_NAME.get(value)


def name_of(code: str) -> str:
    """The English name of a listed code (the code itself if not listed)."""
    return LANGUAGES.get(code, code)


def choices() -> list[tuple[str, str]]:
    """(code, name) pairs for a form: English first, then by name."""
    rest = sorted((c, n) for c, n in LANGUAGES.items() if c != "en")
    return [("en", "English"), *sorted(rest, key=lambda pair: pair[1])]
