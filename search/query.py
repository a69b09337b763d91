"""Backend-independent compilation of a user's search query (search.md §3–§4).

:func:`parse_user_query` turns whatever a user typed into a
:class:`ParsedQuery` that every backend compiles the same way, so the SQLite
FTS5 backend, Elasticsearch/OpenSearch and the fallback scan return the same
match set (search.md §5):

1. the query goes through :func:`search.normalize.normalize` (the same
   function used at index time) and is capped at ``max_chars`` characters
   (truncated, never an error);
2. anything that is not a letter, digit or Han character (FTS syntax such as
   ``" * : ( ) ^``, brackets, emoji, control characters, lone surrogates) is
   dropped; operator words (AND, OR, NOT, NEAR) typed between other terms are
   ignored and in any case reach backends only lower-cased inside phrases,
   where they are plain words;
3. the query is split on whitespace into **terms**, combined with AND;
4. each term becomes one or more **phrases** (OR): the term itself plus
   alternatives from the synonym table (abbreviations, search.md §4.6), and,
   for a 文号, its canonical spellings;
5. each phrase is a sequence of index tokens (one per Han character, ASCII
   words and numbers whole) that must occur contiguously; spaces and
   punctuation between them are ignored, as in the index;
6. a query that is a 发文字号 also yields :attr:`ParsedQuery.doc_number_key`
   for an exact-match clause on the canonical 文号 field (policy_library §3.3).

For the relaxed mode (search.md §3.4: the strict query found nothing),
:meth:`ParsedQuery.relaxed_phrases` gives an OR of the overlapping
2-character phrases of the query, without phrases made only of function
characters (的, 怎么, 如何, 吗 …).

:func:`highlight` produces an HTML-escaped snippet of the raw (un-spaced,
un-normalised) text with the matches wrapped in ``<mark>``.

How a backend uses a phrase: FTS5 gets ``'"' + " ".join(phrase.tokens) + '"'``
(see :meth:`ParsedQuery.fts5_match`); Elasticsearch/OpenSearch get a
``match_phrase`` on :attr:`Phrase.spaced` (its own analyzer then produces the
same tokens as at index time, including for decimals like 5.2 that FTS5
splits and ``standard`` keeps whole); the fallback backend can test
``phrase.tokens`` against :func:`search.normalize.tokenize` of the text.

Plain Python: no Django imports (CONVENTIONS.md).
"""

from __future__ import annotations

import html
import itertools
import re
from functools import lru_cache
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

from policies.doc_number import DocNumber, parse as parse_doc_number
from search.normalize import (
    is_han,
    normalize,
    normalize_with_map,
    spaced_for_index,
    strip_invisible,
    token_spans,
    tokenize,
)
from search.synonyms_default import DEFAULT_SYNONYMS

__all__ = [
    "MAX_QUERY_CHARS",
    "ParsedQuery",
    "Phrase",
    "STOP_CHARS",
    "SynonymTable",
    "Term",
    "compile_synonyms",
    "highlight",
    "parse_user_query",
]

#: Longest query kept, in characters after normalisation (more is truncated).
MAX_QUERY_CHARS = 200
#: Raw characters looked at before normalising (bounds the work per query).
RAW_CHARS_FACTOR = 10
#: Most terms kept (AND); further terms are dropped and ``truncated`` is set.
MAX_TERMS = 32
#: Most phrase alternatives per term (the term itself is always first).
MAX_ALTERNATIVES = 16
#: Most phrases in the relaxed OR query.
MAX_RELAXED_PHRASES = 64

#: Function characters: a relaxed phrase made only of these is dropped
#: (的, 怎么, 如何, 什么, 可以, 是否, 哪些, 我们 …).  A phrase with at least
#: one other character (申请, 么申) is kept.  Kept deliberately small.
STOP_CHARS = frozenset("的了吗呢吧啊呀嘛么怎如何什哪谁是否在我你他她它们请问想要该可以能会去到和与及或把被对从就都也还又这那些个为啥")

# Characters kept inside a phrase's display/engine text besides letters,
# digits and Han: harmless connectors within ASCII words and numbers
# (covid-19, 5.2, tcp/ip).  Everything else becomes a space.
_SAFE_INNER = ".-/&#@·"
_TOKEN_CHAR_RE = re.compile(r"[^\W_]|[\ue000-\uf8ff]")
_UNSAFE_RE = re.compile(r"[^\w\s" + re.escape(_SAFE_INNER) + r"\ue000-\uf8ff]|_")
_OPERATOR_RE = re.compile(r"(?<![A-Za-z])(AND|OR|NOT|NEAR)(?![A-Za-z])")


# ---------------------------------------------------------------------------
# Data classes
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Phrase:
    """A sequence of index tokens that must occur contiguously.

    ``text`` is normalised text containing only letters, digits, Han
    characters, spaces and the connectors ``.-/&#@·`` (no FTS syntax).
    """

    text: str
    tokens: tuple[str, ...]

    @property
    def spaced(self) -> str:
        """``text`` in index form (what an engine's phrase query should analyse)."""
        return spaced_for_index(self.text)


@dataclass(frozen=True)
class Term:
    """One whitespace-separated part of the query: an OR of phrases."""

    text: str
    alternatives: tuple[Phrase, ...]
    is_doc_number: bool = False

    @property
    def phrase(self) -> Phrase:
        """The term as typed (the first alternative)."""
        return self.alternatives[0]


@dataclass(frozen=True)
class ParsedQuery:
    """A compiled user query; see the module docstring.

    ``normalized`` is the normalised (and possibly truncated) query text;
    ``truncated`` tells the UI that part of the input was ignored.
    """

    raw: str
    normalized: str
    terms: tuple[Term, ...]
    doc_number: DocNumber | None = None
    truncated: bool = False
    _relaxed: tuple[Phrase, ...] = field(default=(), repr=False)

    @property
    def is_empty(self) -> bool:
        """True when nothing searchable is left (empty, only punctuation/emoji)."""
        return not self.terms and self.doc_number is None

    @property
    def doc_number_key(self) -> str | None:
        """:func:`policies.doc_number.search_key` of the query, if it is a 文号."""
        return self.doc_number.key if self.doc_number else None

    @property
    def strict_terms(self) -> tuple[tuple[tuple[str, ...], ...], ...]:
        """AND of terms; each term an OR of phrases; each phrase a token tuple.

        >>> parse_user_query("发改委 停车", synonyms={}).strict_terms
        ((('发', '改', '委'),), (('停', '车'),))
        """
        return tuple(tuple(p.tokens for p in t.alternatives) for t in self.terms)

    def relaxed_phrases(self) -> tuple[tuple[str, ...], ...]:
        """Token tuples of the relaxed OR query (search.md §3.4).

        Overlapping 2-token phrases of each term (a 1-token term is kept
        whole), minus those made only of :data:`STOP_CHARS`; plus the whole
        synonym alternatives and 文号 spellings (their bigrams would be noise).

        >>> parse_user_query("怎么申请公租房", synonyms={}).relaxed_phrases()
        (('么', '申'), ('申', '请'), ('请', '公'), ('公', '租'), ('租', '房'))
        """
        return tuple(p.tokens for p in self._relaxed)

    def relaxed(self) -> tuple[Phrase, ...]:
        """Like :meth:`relaxed_phrases` but as :class:`Phrase` objects."""
        return self._relaxed

    def phrases(self) -> tuple[Phrase, ...]:
        """Every strict alternative of every term (for highlighting)."""
        return tuple(p for t in self.terms for p in t.alternatives)

    def fts5_match(self, *, relaxed: bool = False, prefix_last: bool = False) -> str:
        """An FTS5 MATCH expression (convenience for the SQLite backend).

        Every phrase is a double-quoted string of tokens, so user input can
        never become FTS5 syntax.  ``prefix_last`` marks the last token of
        the last term as a prefix (autocomplete).  Returns ``""`` for an empty
        query: the caller must not run a MATCH then.  The 文号 exact-match
        clause is not part of this expression (it targets a keyword field).

        >>> parse_user_query("政府 信息", synonyms={}).fts5_match()
        '"政 府" AND "信 息"'
        """
        if relaxed:
            return " OR ".join(_fts5_phrase(p.tokens) for p in self._relaxed)
        parts = []
        for i, term in enumerate(self.terms):
            prefix = prefix_last and i == len(self.terms) - 1
            alts = [_fts5_phrase(p.tokens, prefix=prefix) for p in term.alternatives]
            parts.append(alts[0] if len(alts) == 1 else "(" + " OR ".join(alts) + ")")
        return " AND ".join(parts)


def _fts5_phrase(tokens: Sequence[str], *, prefix: bool = False) -> str:
    body = " ".join(tokens).replace('"', '""')
    return f'"{body}"' + (" *" if prefix else "")


# ---------------------------------------------------------------------------
# Synonyms
# ---------------------------------------------------------------------------


class SynonymTable:
    """Compiled synonym groups: equivalent surface forms as token tuples.

    Built from ``Mapping[str, Sequence[str]]``: each key and its values form
    one group of equivalent forms; groups sharing a form are merged.  Forms
    are normalised with the shared normalisation, so the table may be written
    in traditional characters or full-width and still work.
    """

    def __init__(self, mapping: Mapping[str, Sequence[str]] | None):
        parent: dict[tuple[str, ...], tuple[str, ...]] = {}

        def find(x):
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for key, values in (mapping or {}).items():
            if isinstance(values, str):
                values = [values]
            forms = [tuple(tokenize(normalize(f))) for f in [key, *values] if isinstance(f, str)]
            forms = [f for f in forms if f]
            for f in forms:
                parent.setdefault(f, f)
            for f in forms[1:]:
                a, b = find(forms[0]), find(f)
                if a != b:
                    parent[b] = a
        groups: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
        for f in parent:
            groups.setdefault(find(f), []).append(f)
        self._group_of: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {}
        self._by_first: dict[str, list[tuple[str, ...]]] = {}
        for members in groups.values():
            if len(members) < 2:
                continue
            group = tuple(members)
            for f in members:
                self._group_of[f] = group
                self._by_first.setdefault(f[0], []).append(f)
        for forms in self._by_first.values():
            forms.sort(key=len, reverse=True)

    def __len__(self) -> int:
        return len(self._group_of)

    def equivalents(self, form: str) -> tuple[str, ...]:
        """Other forms equivalent to ``form`` (as token-joined text), for inspection."""
        key = tuple(tokenize(normalize(form)))
        return tuple(_tokens_to_text(f) for f in self._group_of.get(key, ()) if f != key)

    def expand(self, tokens: Sequence[str], limit: int = MAX_ALTERNATIVES) -> list[tuple[str, ...]]:
        """Alternatives for a token sequence, the original first.

        Forms are found leftmost-longest *inside* the sequence and replaced by
        every form of their group (国家发改委 → 国家发展改革委, …); with several
        forms the combinations are enumerated up to ``limit``.
        """
        segments: list[list[tuple[str, ...]]] = []
        literal: list[str] = []
        i = 0
        n = len(tokens)
        while i < n:
            match = None
            for form in self._by_first.get(tokens[i], ()):
                if tuple(tokens[i:i + len(form)]) == form:
                    match = form
                    break
            if match is None:
                literal.append(tokens[i])
                i += 1
                continue
            if literal:
                segments.append([tuple(literal)])
                literal = []
            group = self._group_of[match]
            segments.append([match] + [f for f in group if f != match])
            i += len(match)
        if literal:
            segments.append([tuple(literal)])
        out: list[tuple[str, ...]] = []
        seen = set()
        for combo in itertools.product(*segments):
            alt = tuple(itertools.chain.from_iterable(combo))
            if alt not in seen:
                seen.add(alt)
                out.append(alt)
                if len(out) >= limit:
                    break
        return out or [tuple(tokens)]


_default_table: SynonymTable | None = None


def compile_synonyms(mapping: Mapping[str, Sequence[str]] | None) -> SynonymTable:
    """Compile a synonym mapping once (e.g. after the admin table changes)."""
    return SynonymTable(mapping)


def _get_table(synonyms) -> SynonymTable:
    global _default_table
    if isinstance(synonyms, SynonymTable):
        return synonyms
    if synonyms is None or synonyms is DEFAULT_SYNONYMS:
        if _default_table is None:
            _default_table = SynonymTable(DEFAULT_SYNONYMS)
        return _default_table
    return SynonymTable(synonyms)


# ---------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------


def _tokens_to_text(tokens: Sequence[str]) -> str:
    """Readable text for a token tuple: Han tokens joined, others spaced."""
    out: list[str] = []
    prev_han = True
    for tok in tokens:
        han = len(tok) == 1 and is_han(tok)
        if out and not han and not prev_han:
            out.append(" ")
        out.append(tok)
        prev_han = han
    return "".join(out)


def _sanitize(term: str) -> str:
    """Drop FTS syntax, emoji and other symbols from a term (keeps tokens)."""
    cleaned = _UNSAFE_RE.sub(" ", term)
    cleaned = " ".join(cleaned.split())
    return cleaned.strip(_SAFE_INNER + " ")


def _phrase(text: str) -> Phrase | None:
    text = _sanitize(text)
    tokens = tuple(tokenize(text))
    if not tokens:
        return None
    return Phrase(text, tokens)


def _doc_number_term(dn: DocNumber, typed: str) -> Term:
    alternatives: list[Phrase] = []
    seen = set()
    for text in (typed, *dn.variants()):
        p = _phrase(normalize(text))
        if p and p.tokens not in seen:
            seen.add(p.tokens)
            alternatives.append(p)
    return Term(_sanitize(typed) or dn.canonical, tuple(alternatives), is_doc_number=True)


def parse_user_query(
    raw: object,
    synonyms: Mapping[str, Sequence[str]] | SynonymTable | None = None,
    *,
    max_chars: int = MAX_QUERY_CHARS,
) -> ParsedQuery:
    """Compile what the user typed into a :class:`ParsedQuery`. Never raises.

    ``synonyms``: a mapping of equivalent forms (the admin table), a compiled
    :class:`SynonymTable`, or ``None`` for the curated default
    (:mod:`search.synonyms_default`); pass ``{}`` to disable expansion.

    >>> q = parse_user_query("國務院令第７１１號")
    >>> q.doc_number_key, q.terms[0].phrase.text
    ('国令-711', '国务院令第711号')
    """
    if raw is None:
        raw = ""
    elif not isinstance(raw, str):
        raw = str(raw)
    truncated = False
    limit = max(1, int(max_chars))
    head = raw
    if len(head) > limit * RAW_CHARS_FACTOR:
        head = head[: limit * RAW_CHARS_FACTOR]
        truncated = True
    # Boolean operator words typed in capitals (政府 AND 公开, NOT(公开)) are
    # syntax the user borrowed from elsewhere; terms are ANDed anyway.
    without_operators = _OPERATOR_RE.sub(" ", head)
    if without_operators != head and _TOKEN_CHAR_RE.search(without_operators):
        head = without_operators
    normalized = normalize(head)
    if len(normalized) > limit:
        normalized = normalized[:limit].rstrip()
        truncated = True

    table = _get_table(synonyms)

    # 文号: the whole query first (国办发 2024 12号 has spaces), then each term.
    doc_number = parse_doc_number(normalized) if normalized else None
    if doc_number is not None:
        term = _doc_number_term(doc_number, normalized)
        return ParsedQuery(
            raw=raw,
            normalized=normalized,
            terms=(term,),
            doc_number=doc_number,
            truncated=truncated,
            _relaxed=tuple(term.alternatives[:MAX_RELAXED_PHRASES]),
        )

    pieces = normalized.split()
    terms: list[Term] = []
    seen_terms = set()
    for piece in pieces:
        base = _phrase(piece)
        if base is None or base.tokens in seen_terms:
            continue
        seen_terms.add(base.tokens)
        if len(terms) >= MAX_TERMS:
            truncated = True
            break
        dn = parse_doc_number(piece)
        if dn is not None:
            if doc_number is None:
                doc_number = dn
            terms.append(_doc_number_term(dn, piece))
            continue
        alternatives = [base]
        for alt in table.expand(base.tokens)[1:]:
            alternatives.append(Phrase(_tokens_to_text(alt), alt))
        terms.append(Term(base.text, tuple(alternatives)))

    return ParsedQuery(
        raw=raw,
        normalized=normalized,
        terms=tuple(terms),
        doc_number=doc_number,
        truncated=truncated,
        _relaxed=_relaxed_for(terms),
    )


def _relaxed_for(terms: Iterable[Term]) -> tuple[Phrase, ...]:
    out: list[Phrase] = []
    seen = set()

    def add(tokens: tuple[str, ...], text: str | None = None):
        if tokens in seen or all(t in STOP_CHARS for t in tokens):
            return
        seen.add(tokens)
        out.append(Phrase(text or _tokens_to_text(tokens), tokens))

    for term in terms:
        if term.is_doc_number:
            for p in term.alternatives:
                add(p.tokens, p.text)
            continue
        tokens = term.phrase.tokens
        if len(tokens) == 1:
            add(tokens, term.phrase.text)
        else:
            for a, b in zip(tokens, tokens[1:]):
                add((a, b))
        for p in term.alternatives[1:]:
            add(p.tokens, p.text)
    return tuple(out[:MAX_RELAXED_PHRASES])


# ---------------------------------------------------------------------------
# Highlighting
# ---------------------------------------------------------------------------

_SEP = "\x1f"  # never inside a token (control characters are normalised away)
_CHUNK = 6000  # raw characters normalised at a time while locating a match
_OVERLAP = 600  # chunk overlap, longer than any match
_WS_RE = re.compile(r"\s+")


def _find_matches(raw: str, phrases: Sequence[Phrase], *, first_only: bool) -> list[tuple[int, int]]:
    """Raw ``(start, end)`` spans where any phrase's tokens occur contiguously."""
    if not raw or not phrases:
        return []
    nt = normalize_with_map(raw)
    spans = token_spans(nt.text)
    if not spans:
        return []
    joined_parts = [_SEP]
    starts: list[int] = []  # position of each token in ``joined``
    pos = 1
    for tok, _, _ in spans:
        starts.append(pos)
        joined_parts.append(tok)
        joined_parts.append(_SEP)
        pos += len(tok) + 1
    joined = "".join(joined_parts)
    found: list[tuple[int, int]] = []
    for phrase in phrases:
        needle = _SEP + _SEP.join(phrase.tokens) + _SEP
        at = joined.find(needle)
        while at != -1:
            first = bisect_left(starts, at + 1)
            last = first + len(phrase.tokens) - 1
            s, _ = nt.raw_span(spans[first][1], spans[first][2])
            _, e = nt.raw_span(spans[last][1], spans[last][2])
            found.append((s, e))
            if first_only:
                break
            at = joined.find(needle, at + 1)
    found.sort()
    return found


_NON_TOKEN_RUN_RE = re.compile(r"[^\w\ue000-\uf8ff]+|_+")


def _may_occur(normalized: str, phrases: Sequence[Phrase]) -> list[Phrase]:
    """Phrases that may occur in ``normalized`` (cheap necessary condition).

    With spaces and punctuation removed, a phrase's tokens must appear as one
    contiguous string.
    """
    compact = _NON_TOKEN_RUN_RE.sub("", normalized)
    return [p for p in phrases if "".join(p.tokens) in compact]


_VERBATIM_MARGIN = 40
_LOOSE_GAP = r"[^\w]{0,4}"


@lru_cache(maxsize=512)
def _loose_pattern(tokens: tuple[str, ...]):
    """The phrase's tokens with up to four punctuation/space characters between them (the index
    ignores those: 生产、供应 matches 生产供)."""
    return re.compile(_LOOSE_GAP.join(re.escape(t) for t in tokens), re.IGNORECASE)


def loose_find(text: str, phrases: Sequence[Phrase]) -> tuple[int, int] | None:
    """``(start, end)`` of the earliest occurrence in ``text`` of a phrase written verbatim or
    with punctuation between its tokens; None if there is none (other spellings are not seen)."""
    best = None
    for phrase in phrases:
        if not phrase.tokens:
            continue
        for needle in {"".join(phrase.tokens), phrase.text}:
            if needle:
                at = text.find(needle)
                if at != -1 and (best is None or at < best[0]):
                    best = (at, at + len(needle))
        if len(phrase.tokens) > 1:
            m = _loose_pattern(tuple(phrase.tokens)).search(text, 0, best[0] + 1 if best else len(text))
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), m.end())
    return best
_NARROW_BEFORE = 200


def _first_match(raw: str, phrases: Sequence[Phrase]) -> list[tuple[int, int]]:
    """``_find_matches(raw, phrases, first_only=True)`` for a text where some phrase may occur,
    with the offset-mapped normalisation limited to a small region: the shortest prefix in
    which a phrase occurs is found by bisection with the fast :func:`normalize`."""
    if len(raw) <= 2 * _NARROW_BEFORE:
        return _find_matches(raw, phrases, first_only=True)
    lo, hi = 1, len(raw)
    while lo < hi:
        mid = (lo + hi) // 2
        if _may_occur(normalize(raw[:mid]), phrases):
            hi = mid
        else:
            lo = mid + 1
    start = max(0, lo - _NARROW_BEFORE)
    found = _find_matches(raw[start:lo + _VERBATIM_MARGIN], phrases, first_only=True)
    if found and found[0][0] > 0:
        return [(start + s, start + e) for s, e in found]
    return _find_matches(raw, phrases, first_only=True)


def _locate_verbatim(raw: str, phrases: Sequence[Phrase]) -> tuple[int, int] | None:
    """Shortcut for :func:`_locate` when a phrase occurs verbatim in ``raw`` (the usual case):
    if no phrase can occur before that spot (checked with the fast :func:`normalize`), only a
    small region around it needs the offset-mapped normalisation.  None: use the full method."""
    best = loose_find(raw, phrases)
    if best is None:
        return None
    at, length = best[0], best[1] - best[0]
    prefix = raw[:at + length - 1]
    if prefix and _may_occur(normalize(prefix), phrases):
        return None  # an earlier occurrence in another spelling may exist
    start = max(0, at - _VERBATIM_MARGIN)
    found = _find_matches(raw[start:at + length + _VERBATIM_MARGIN], phrases, first_only=True)
    if not found:
        return None
    s, e = found[0]
    return (start + s, start + e)


def _locate(raw: str, phrases: Sequence[Phrase]) -> tuple[int, int] | None:
    """First match in ``raw``.

    The offset-mapped normalisation is comparatively slow, so it only runs on
    a small region around a verbatim occurrence, or on chunks where the fast
    :func:`normalize` shows that every token of some phrase is present.
    """
    quick = _locate_verbatim(raw, phrases)
    if quick is not None:
        return quick
    if len(raw) <= _CHUNK + _OVERLAP:
        phrases = _may_occur(normalize(raw), phrases)
        found = _first_match(raw, phrases) if phrases else []
        return found[0] if found else None
    for base in range(0, len(raw), _CHUNK):
        chunk = raw[base:base + _CHUNK + _OVERLAP]
        candidates = _may_occur(normalize(chunk), phrases)
        if not candidates:
            continue
        found = _first_match(chunk, candidates)
        if found:
            s, e = found[0]
            return (base + s, base + e)
    return None


def _clean_piece(text: str) -> str:
    return _WS_RE.sub(" ", strip_invisible(text))


def highlight(raw_text: str | None, parsed_query: ParsedQuery, max_len: int = 160) -> str:
    """HTML-escaped snippet of ``raw_text`` around the first match, marks in ``<mark>``.

    Matching runs on normalised text (so 國務院 in the document matches 国务院
    in the query, ＧＤＰ matches gdp, and punctuation between characters is
    ignored as in the index), while the snippet is sliced from the raw text
    through the offset map, so what is shown is exactly what the document
    says.  Strict phrases are tried first; if none occurs, the relaxed
    phrases.  Without any match the start of the text is returned.  ``…``
    marks cut ends; runs of whitespace are shown as one space.
    """
    raw = raw_text or ""
    if not raw:
        return ""
    max_len = max(20, int(max_len))
    phrase_sets = [parsed_query.phrases(), parsed_query.relaxed()]
    first = None
    phrases: Sequence[Phrase] = ()
    for candidate in phrase_sets:
        if candidate:
            first = _locate(raw, candidate)
            if first is not None:
                phrases = candidate
                break
    if first is None:
        end = min(len(raw), max_len)
        snippet = html.escape(_clean_piece(raw[:end]).strip())
        return snippet + ("…" if end < len(raw) else "")

    m_start, m_end = first
    lead = max_len // 5
    win_start = max(0, m_start - lead)
    win_end = min(len(raw), win_start + max_len)
    if win_end < m_end:
        win_end = m_end
    if win_end - win_start < max_len:
        win_start = max(0, win_end - max_len)

    # Collect every match inside the window (normalise a small margin around
    # it so numerals and words cut by the window edge normalise correctly).
    margin = 40
    region_start = max(0, win_start - margin)
    region = raw[region_start:min(len(raw), win_end + margin)]
    marks: list[tuple[int, int]] = []
    for s, e in _find_matches(region, phrases, first_only=False):
        s += region_start
        e += region_start
        if s >= win_start and e <= win_end and e > s:
            if marks and s <= marks[-1][1]:  # overlapping or adjacent: one mark
                if e > marks[-1][1]:
                    marks[-1] = (marks[-1][0], e)
                continue
            marks.append((s, e))
    if not any(s <= m_start < e for s, e in marks):
        marks.append((m_start, m_end))
        marks.sort()

    out: list[str] = []
    pos = win_start
    for s, e in marks:
        out.append(html.escape(_clean_piece(raw[pos:s])))
        out.append("<mark>" + html.escape(_clean_piece(raw[s:e])) + "</mark>")
        pos = e
    out.append(html.escape(_clean_piece(raw[pos:win_end])))
    snippet = "".join(out).strip()
    if win_start > 0:
        snippet = "…" + snippet
    if win_end < len(raw):
        snippet += "…"
    return snippet
