"""Prose: Markdown rendered by markdown-it-py, raw HTML off, with ``[[id]]`` references.

A reference is ``[[id]]`` or ``[[id|eigen tekst]]``. The inline rule turns it
into a ``ref`` token; the renderer asks a callback (site or PDF) for its HTML.
Links may only use http(s) and mailto; images only the project's assets
folder. Parsing collects everything a later stage needs to check into ``env``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Callable, Iterator, Sequence
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

#: ``[[lak ...]]`` is a withheld passage (see :func:`match_lak`), never a reference.
REF_RE = re.compile(r"\[\[(?!lak )([^\[\]|\n]*)(?:\|([^\[\]\n]*))?\]\]")
ALLOWED_SCHEMES = ("http", "https", "mailto")
ASSETS_PREFIX = "assets/"


@dataclass(frozen=True)
class Reference:
    target: str
    label: str | None  # the writer's own link text, if any
    line: int  # 0-based line within the text


@dataclass(frozen=True)
class Lak:
    """A withheld passage as written: ``[[lak CODE|passage]]``, or ``[[lak CODE]]`` where it was.

    Offsets are into the text; ``passage`` is None for the bare marker (what the
    public build leaves, or what a source shows that was published withheld).
    ``problem`` says why the span is malformed (then ``end`` is the end of the text).
    """

    start: int
    end: int
    code: str
    passage: str | None = None
    passage_start: int = 0
    passage_end: int = 0
    problem: str | None = None


LAK_OPEN = "[[lak "
_LAK_CODE_RE = re.compile(r"[ \t]*([^\s|\[\]]*)[ \t]*")


def match_lak(text: str, pos: int) -> Lak | None:
    """The withheld passage that starts at ``pos``, if one does (nested ``[[...]]`` inside it counted)."""
    if not text.startswith(LAK_OPEN, pos):
        return None
    head = _LAK_CODE_RE.match(text, pos + len(LAK_OPEN))
    code, after = head.group(1), head.end()
    if not code:
        return Lak(pos, len(text), "", problem="na '[[lak ' hoort de code van een Woo-grond")
    if text.startswith("]]", after):
        return Lak(pos, after + 2, code)
    if not text.startswith("|", after):
        return Lak(pos, len(text), code, problem=f"na '[[lak {code}' hoort '|' en de weggelakte tekst, of ']]'")
    depth, i = 0, after + 1
    while True:
        opening, closing = text.find("[[", i), text.find("]]", i)
        if closing < 0:
            return Lak(pos, len(text), code, problem="de weggelakte tekst wordt niet afgesloten met ']]'")
        if 0 <= opening < closing:
            depth, i = depth + 1, opening + 2
            continue
        if depth:
            depth, i = depth - 1, closing + 2
            continue
        break
    inner = text[after + 1:closing]
    lead = len(inner) - len(inner.lstrip())
    passage = inner.strip()
    if not passage:
        return Lak(pos, closing + 2, code, problem="de weggelakte tekst is leeg; schrijf [[lak CODE]] als de tekst al weg is")
    return Lak(pos, closing + 2, code, passage, after + 1 + lead, after + 1 + lead + len(passage))


def find_laks(text: str) -> list[Lak]:
    """The withheld passages of ``text`` (outermost ones), in reading order."""
    found: list[Lak] = []
    at = text.find(LAK_OPEN)
    while at >= 0:
        lak = match_lak(text, at)
        found.append(lak)
        at = text.find(LAK_OPEN, lak.end)
    return found


def lak_box_html(code: str, grond: str | None = None) -> str:
    """The public build's box where a passage was withheld: its code, and for a screen reader what it is."""
    title = f' title="{html.escape(grond)}"' if grond else ""
    return (f'<span class="woo-lak"{title}><span class="woo-verborgen">weggelakt: </span>'
            f"{html.escape(code)}</span>")


def lak_open_html(code: str, grond: str | None = None) -> str:
    """The internal build: a withheld passage, highlighted, after its ground's code."""
    title = f' title="{html.escape(grond)}"' if grond else ""
    return (f'<mark class="woo-intern"{title}><span class="woo-code">'
            f'<span class="woo-verborgen">weggelakt volgens </span>{html.escape(code)}</span> ')


LAK_CLOSE_HTML = "</mark>"


def plain_laks(text: str) -> str:
    """``text`` with withheld passages as plain text: the marker as '[weggelakt: CODE]', a passage as itself."""
    if LAK_OPEN not in text:
        return text
    parts, last = [], 0
    for lak in find_laks(text):
        parts.append(text[last:lak.start])
        if lak.problem is None:
            parts.append(plain_laks(lak.passage) if lak.passage is not None else f"[weggelakt: {lak.code}]")
        last = lak.end
    parts.append(text[last:])
    return "".join(parts)


@dataclass(frozen=True)
class LinkProblem:
    url: str
    kind: str  # "link", "image", or "ref" (a reference that was not closed)
    line: int
    reason: str


def _ref_rule(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("[[", state.pos):
        return False
    match = REF_RE.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        token = state.push("ref", "", 0)
        token.meta = {"target": match.group(1).strip(), "label": (match.group(2) or "").strip() or None}
        token.content = match.group(0)
    state.pos = match.end()
    return True


def _lak_rule(state: StateInline, silent: bool) -> bool:
    lak = match_lak(state.src, state.pos)
    if lak is None or lak.problem is not None:
        return False
    if silent:
        state.pos = lak.end
        return True
    if lak.passage is None or not state.env.get("woo_intern", True):
        # A render for the public build never lays out a passage, whatever reached it (the model
        # is redacted before, haven_docs.woo; a guide page is not). scan() still parses it.
        token = state.push("woo_lak", "", 0)
        token.meta = {"code": lak.code}
    else:
        token = state.push("woo_open", "mark", 1)
        token.meta = {"code": lak.code}
        end = state.posMax
        state.pos, state.posMax = lak.passage_start, lak.passage_end
        state.md.inline.tokenize(state)
        state.posMax = end
        state.push("woo_close", "mark", -1)
    state.pos = lak.end
    return True


def _lak_openings(text: str, base: int = 0) -> Iterator[tuple[int, int]]:
    """Where withheld passages open (all of a malformed one), nested ones too: no reference there."""
    for lak in find_laks(text):
        yield base + lak.start, base + (lak.end if lak.problem else lak.start + 1)
        if lak.passage is not None:
            yield from _lak_openings(lak.passage, base + lak.passage_start)


def _collect(state) -> None:
    """Core rule: record references and links with their line in the text."""
    refs = state.env.setdefault("refs", [])
    problems = state.env.setdefault("link_problems", [])
    images = state.env.setdefault("images", [])
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        line = block.map[0] if block.map else 0
        # A '[[' that does not start a complete reference: one that was not
        # closed, which would otherwise show as literal text.
        content = block.content
        # Withheld passages are checked by haven_docs.woo: their own '[[', and all of a malformed one.
        skip = list(_lak_openings(content)) if LAK_OPEN in content else []
        for opening in re.finditer(r"\[\[", content):
            if any(start <= opening.start() < end for start, end in skip):
                continue
            if REF_RE.match(content, opening.start()) is None:
                fragment = content[opening.start():].split("\n", 1)[0][:40]
                fragment = fragment[: fragment.find("]") + 1] if "]" in fragment else fragment
                problems.append(LinkProblem(fragment, "ref", line + content.count("\n", 0, opening.start()),
                                            "een verwijzing is [[id]] of [[id|eigen tekst]], met twee haken aan beide kanten"))
                break
        offset = 0
        for token in block.children:
            if token.type in ("softbreak", "hardbreak"):
                offset += 1
            elif token.type == "ref":
                refs.append(Reference(token.meta["target"], token.meta["label"], line + offset))
            elif token.type == "link_open":
                reason = link_problem(token.attrGet("href") or "")
                if reason:
                    problems.append(LinkProblem(token.attrGet("href") or "", "link", line + offset, reason))
            elif token.type == "image":
                images.append((token.attrGet("src") or "", line + offset))
                reason = image_problem(token.attrGet("src") or "")
                if reason:
                    problems.append(LinkProblem(token.attrGet("src") or "", "image", line + offset, reason))


def link_problem(url: str) -> str | None:
    """Why a link target is not allowed, or None."""
    scheme = urlsplit(url.strip()).scheme.lower()
    if not scheme:
        return "links binnen de site schrijf je als [[id]], niet als pad of anker"
    if scheme not in ALLOWED_SCHEMES:
        return f"gebruik alleen links die met https://, http:// of mailto: beginnen; '{scheme}:' is niet veilig in een publicatie"
    return None


def image_problem(src: str) -> str | None:
    # Judge the path a browser or PDF renderer would open: '%2e%2e' is '..'.
    src = unquote(src.strip())
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or src.startswith(("/", "\\")):
        return "afbeeldingen mogen alleen uit content/assets/ komen"
    normalized = src.replace("\\", "/")
    if not normalized.startswith(ASSETS_PREFIX) or ".." in normalized.split("/"):
        return "afbeeldingen mogen alleen uit content/assets/ komen (schrijf assets/bestand.png)"
    # One spelling per file: 'assets//x', 'assets/./x', 'x\\y', '?' and '#' would each name
    # a file other than the one checked, or none.
    if "\\" in src or "?" in src or "#" in src or any(part in ("", ".") for part in src.split("/")[1:]):
        return "schrijf het pad als assets/map/bestand.png: met enkele '/', zonder '\\', './', '?' of '#'"
    return None


RefRenderer = Callable[[str, str | None], str]


def _render_ref(self, tokens: Sequence[Token], idx: int, options, env) -> str:
    renderer: RefRenderer | None = env.get("render_ref")
    meta = tokens[idx].meta
    if renderer is None:
        return html.escape(meta["label"] or meta["target"])
    return renderer(meta["target"], meta["label"])


def _render_lak(self, tokens: Sequence[Token], idx: int, options, env) -> str:
    code = tokens[idx].meta["code"]
    return lak_box_html(code, (env.get("woo_gronden") or {}).get(code))


def _render_lak_open(self, tokens: Sequence[Token], idx: int, options, env) -> str:
    code = tokens[idx].meta["code"]
    return lak_open_html(code, (env.get("woo_gronden") or {}).get(code))


def _render_lak_close(self, tokens: Sequence[Token], idx: int, options, env) -> str:
    return LAK_CLOSE_HTML


def _safe_link_open(self, tokens, idx, options, env) -> str:
    # Defence in depth: a bad link never reaches the output, even if a check was skipped.
    if link_problem(tokens[idx].attrGet("href") or ""):
        tokens[idx].attrSet("href", "#")
    return self.renderToken(tokens, idx, options, env)


def _safe_image(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    src = token.attrGet("src") or ""
    if image_problem(src):
        return html.escape(token.content or "")
    prefix = env.get("asset_prefix", "")
    token.attrSet("src", prefix + src)
    return self.image(tokens, idx, options, env)


def make_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.enable("strikethrough")
    # We judge URLs ourselves (with an error for the writer); markdown-it's own
    # check would silently drop them.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.inline.ruler.before("link", "woo_lak", _lak_rule)
    md.inline.ruler.before("link", "ref", _ref_rule)
    md.core.ruler.push("collect_refs", _collect)
    md.add_render_rule("ref", _render_ref)
    md.add_render_rule("woo_lak", _render_lak)
    md.add_render_rule("woo_open", _render_lak_open)
    md.add_render_rule("woo_close", _render_lak_close)
    md.add_render_rule("link_open", _safe_link_open)
    md.add_render_rule("image", _safe_image)
    return md


_PARSER = make_parser()


def scan(text: str) -> tuple[list[Reference], list[LinkProblem]]:
    """References and link problems in ``text``, in reading order."""
    env: dict = {}
    _PARSER.parse(text, env)
    return env.get("refs", []), env.get("link_problems", [])


def images(text: str) -> list[tuple[str, int]]:
    """Every image in ``text``: its source as written and its line (0-based) in the text."""
    if "![" not in text:
        return []
    env: dict = {}
    _PARSER.parse(text, env)
    return env.get("images", [])


def render(text: str, render_ref: RefRenderer | None = None, inline: bool = False, asset_prefix: str = "",
           woo_gronden: dict[str, str] | None = None, woo_intern: bool = False) -> str:
    """Markdown to HTML; ``inline`` drops the paragraph around a single-paragraph text.

    ``woo_gronden`` (code -> ground) titles the boxes of withheld passages; only with ``woo_intern``
    (the internal build) is a withheld passage shown, highlighted, instead of its box.
    """
    env = {"render_ref": render_ref, "asset_prefix": asset_prefix, "woo_gronden": woo_gronden,
           "woo_intern": woo_intern}
    if inline:
        return _PARSER.renderInline(text, env)
    return _PARSER.render(text, env)
