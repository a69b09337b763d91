"""TEMPORARY minimal 文号 canonicalisation; replaced by the full module from the search-normalize branch."""
import re
import unicodedata

_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "(": "〔", ")": "〕", "【": "〔", "】": "〕", "﹝": "〔", "﹞": "〕"})
_PATTERN = re.compile(r"^(?P<agency>[^\d〔〕]+?)〔?(?P<year>\d{4})〕?第?(?P<serial>\d+)号$")


def canonical(text):
    if not text:
        return None
    value = unicodedata.normalize("NFKC", str(text)).replace(" ", "").translate(_BRACKETS)
    match = _PATTERN.match(value)
    if not match:
        return None
    return f"{match['agency']}〔{match['year']}〕{int(match['serial'])}号"


def search_key(text):
    value = canonical(text)
    return value.replace("〔", "").replace("〕", "") if value else None
