"""content/assets/: which files may be published, and the images that content shows.

The site serves what it publishes from the council's own address, so an
``.html``, ``.js`` or scripted ``.svg`` there would run as the council's own
page. Only passive types are allowed in the folder (:data:`ASSET_TYPES`), and
only the images that some text shows (``![tekst](assets/kaart.png)``) are
published, after they have been read and checked:

* PNG, JPEG and WebP are decoded completely by Pillow, after their header has
  shown that the picture is no larger than :data:`MAX_SIDE` pixels a side and
  :data:`MAX_PIXELS` in all (a 60000 x 60000 PNG of a few kilobytes would take
  gigabytes once decoded);
* an SVG is XML that may contain scripts, style sheets, links and external
  entities. It is not rewritten: it is parsed without a DTD (so no entity
  bomb and no XXE) and refused unless every element and attribute is on a
  small list of drawing features, and every ``url(...)`` and ``href`` points
  inside the drawing itself (``#id``).

A problem with an image is an error at the place of the text that shows it.
"""

from __future__ import annotations

import difflib
import hashlib
import io
import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable
from urllib.parse import unquote
from xml.parsers import expat

from . import markup
from .contentdir import ContentEntry, FileRefused, read_file, too_large
from .diagnostics import Diagnostics, Position
from .loader import GuidePage
from .resolve import locate, marked_values
from .validate import ContentFile

#: Types allowed in content/assets/; each is published as this media type.
ASSET_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
    ".pdf": "application/pdf",
}
#: The types a text can show as an image, with the format Pillow must find (None: SVG).
IMAGE_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP", ".svg": None}
MAX_ASSET_BYTES = 10 * 1024 * 1024
MAX_SIDE = 10_000
MAX_PIXELS = 30_000_000
MAX_SVG_ELEMENTS = 100_000

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"

#: Drawing elements only: no script, style, foreignObject, image, a, animate/set, font, iframe.
SVG_ELEMENTS = frozenset("""
    svg g defs title desc symbol use path rect circle ellipse line polyline polygon text tspan
    linearGradient radialGradient stop clipPath mask pattern marker
""".split())
SVG_ATTRIBUTES = frozenset("""
    id class style transform viewBox width height x y x1 y1 x2 y2 cx cy r rx ry fx fy fr d points
    pathLength fill fill-opacity fill-rule stroke stroke-width stroke-opacity stroke-linecap
    stroke-linejoin stroke-miterlimit stroke-dasharray stroke-dashoffset opacity color visibility
    display overflow font-family font-size font-weight font-style font-variant font-stretch
    text-anchor dominant-baseline alignment-baseline baseline-shift letter-spacing word-spacing
    text-decoration text-rendering writing-mode dx dy rotate textLength lengthAdjust
    preserveAspectRatio version baseProfile gradientUnits gradientTransform offset stop-color
    stop-opacity spreadMethod clip-path clip-rule clipPathUnits mask maskUnits maskContentUnits
    patternUnits patternContentUnits patternTransform marker-start marker-mid marker-end
    markerWidth markerHeight markerUnits refX refY orient shape-rendering vector-effect
    paint-order image-rendering color-interpolation color-interpolation-filters isolation
    mix-blend-mode role aria-label aria-hidden aria-labelledby aria-describedby focusable lang href
""".split())
#: Attributes that hold names or text, never a CSS value.
TEXT_ATTRIBUTES = frozenset("id class lang space role aria-label aria-labelledby aria-describedby".split())
_URL = re.compile(r"url\s*\(\s*['\"]?\s*([^'\")\s]*)", re.I)
_FUNCTION = re.compile(r"([a-zA-Z_-]+)\s*\(")
#: CSS functions an attribute or a style may use: colours, transforms and url(#id).
SVG_FUNCTIONS = frozenset("url rgb rgba hsl hsla matrix translate scale rotate skewx skewy".split())

RASTER_HINT = (f"sla de afbeelding opnieuw op als png, jpg of webp, hoogstens {MAX_SIDE:_} pixels breed en hoog "
               f"en {MAX_PIXELS // 1_000_000} miljoen pixels in totaal").replace("_", ".")
SVG_HINT = ("sla de tekening op als eenvoudige SVG (zonder scripts, stijlbladen, links, ingesloten bestanden "
            "of DOCTYPE; in Inkscape: 'Opslaan als' > 'Gewone SVG'), of als PNG")


@dataclass(frozen=True)
class Asset:
    """A checked file of content/assets/ that the site publishes."""

    name: str  # below assets/, e.g. 'kaarten/opvang.png'
    data: bytes  # the bytes that were checked: these are published


class _Refused(Exception):
    pass


def asset_files(entries: list[ContentEntry], content_dir: Path,
                diagnostics: Diagnostics) -> dict[str, ContentEntry | None]:
    """The files of content/assets/ by name; None for one of a type or size that is reported here."""
    root = Path(os.path.realpath(content_dir / "assets"))
    available: dict[str, ContentEntry | None] = {}
    for entry in entries:
        name = "/".join(entry.parts[1:])
        available[name] = None
        if not Path(os.path.realpath(entry.path)).is_relative_to(root):  # a link elsewhere into content/: the PDFs read assets/ only
            diagnostics.error(Position(entry.shown), "symlink",
                              "symbolische link naar een bestand buiten content/assets/",
                              "zet het bestand zelf in content/assets/ in plaats van een link")
            continue
        suffix = PurePosixPath(name).suffix.lower()
        if suffix not in ASSET_TYPES:
            diagnostics.error(
                Position(entry.shown), "asset-type",
                f"bestanden van het type '{suffix or '(geen extensie)'}' worden niet gepubliceerd",
                "content/assets/ bevat alleen afbeeldingen (png, jpg, webp, svg) en pdf's; "
                "verwijder het bestand of sla het op als een van die soorten",
            )
            continue
        try:
            size = os.stat(entry.path).st_size
        except OSError:
            size = 0  # reported when it is read
        if size > MAX_ASSET_BYTES:
            refused = too_large(size, MAX_ASSET_BYTES, "verklein de afbeelding of het bestand")
            diagnostics.error(Position(entry.shown), refused.code, refused.message, refused.hint)
            continue
        available[name] = entry
    return available


def check_images(available: dict[str, ContentEntry | None], files: list[ContentFile], pages: list[GuidePage],
                 diagnostics: Diagnostics) -> dict[str, Asset]:
    """The images to publish, by name; every problem with an image or a reference to one is reported."""
    published: dict[str, Asset] = {}
    refused: dict[str, str | None] = {}  # name -> why it cannot be shown (None: it can)
    for src, pos in image_references(files, pages, diagnostics):
        if markup.image_problem(src):
            continue  # reported as unsafe-resource
        name = unquote(src.strip())[len(markup.ASSETS_PREFIX):]
        if name not in available:
            close = difflib.get_close_matches(name, [n for n, e in available.items() if e], n=3, cutoff=0.6)
            diagnostics.error(pos, "missing-image", f"afbeelding '{src}' bestaat niet in content/assets/",
                              "bedoelde u " + " of ".join(f"'assets/{c}'" for c in close) + "?" if close
                              else "zet het bestand in content/assets/ of verbeter de naam")
            continue
        entry = available[name]
        if entry is None:
            continue  # reported at the file
        if name not in refused:
            refused[name] = None
            try:
                data = _checked(entry, name)
            except _Refused as exc:
                refused[name] = str(exc)
            except FileRefused as exc:
                refused[name] = exc.message
            else:
                published[name] = Asset(name, data)
        reason = refused[name]
        if reason is not None:
            if not name.lower().endswith(tuple(IMAGE_FORMATS)):
                hint = "een tekst toont alleen afbeeldingen: png, jpg, webp of svg"
            elif name.lower().endswith(".svg"):
                hint = SVG_HINT
            else:
                hint = RASTER_HINT
            diagnostics.error(pos, "bad-image", f"afbeelding '{src}' {reason}", hint)
    return published


def image_references(files: list[ContentFile], pages: list[GuidePage],
                     diagnostics: Diagnostics) -> Iterable[tuple[str, Position]]:
    """Every image shown in prose, as the house-style logo or in a guide page, with its place;
    bad paths in the logo setting and in guide pages reported (prose is checked by resolve)."""
    for content in files:
        yield from file_images(content)
        logo = settings_logo(content)
        if logo is not None:
            pos = content.source.pos(("huisstijl", "logo"))
            reason = markup.image_problem(logo)
            if reason:
                diagnostics.error(pos, "unsafe-resource", f"logo '{logo}' is niet toegestaan", reason)
            yield logo, pos
    for page in pages:
        lines = page.text.split("\n")
        for src, line in markup.images(page.text):
            col = lines[line].find(src) + 1 if line < len(lines) else 0
            pos = Position(page.shown, line + 1, max(col, 1))
            reason = markup.image_problem(src)
            if reason:  # YAML prose is checked by resolve; the guide is checked here
                diagnostics.error(pos, "unsafe-resource", f"afbeelding '{src}' is niet toegestaan", reason)
            yield src, pos


def settings_logo(content: ContentFile) -> str | None:
    """The house-style logo of content/instellingen.yaml ('assets/logo.svg'), if this file sets one."""
    huisstijl = getattr(content.model, "huisstijl", None) if getattr(content.model, "soort", None) == "instellingen" else None
    return huisstijl.logo if huisstijl is not None else None


def logo_name(settings: object | None) -> str | None:
    """The logo's name inside content/assets/ ('logo.svg'), as published with the other images."""
    huisstijl = getattr(settings, "huisstijl", None)
    logo = getattr(huisstijl, "logo", None)
    return unquote(logo.strip())[len(markup.ASSETS_PREFIX):] if logo else None


def file_images(content: ContentFile) -> list[tuple[str, Position]]:
    """The images in one file's prose (found once per file; kept with it in the parse cache)."""
    found = content.derived.get("images")
    if found is None:
        found = content.derived["images"] = []
        for _content, value_path, text, markers in marked_values([content]):
            if markers.prose:
                for src, _line in markup.images(text):
                    found.append((src, locate(content, value_path, src)))
    return found


# --- checking one file ---------------------------------------------------------------------

#: Verdicts by the bytes' digest: `serve` checks the same images again and again.
_VERDICTS: dict[str, str | None] = {}


def _checked(entry: ContentEntry, name: str) -> bytes:
    """The bytes of an image that may be shown; else _Refused or FileRefused with the reason."""
    data = read_file(entry.path, MAX_ASSET_BYTES, "verklein de afbeelding")
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in IMAGE_FORMATS:
        raise _Refused("is geen afbeelding (alleen png, jpg, webp en svg worden getoond)")
    key = hashlib.sha256(suffix.encode() + b"\0" + data).hexdigest()
    if key not in _VERDICTS:
        try:
            if suffix == ".svg":
                check_svg(data)
            else:
                check_raster(data, IMAGE_FORMATS[suffix] or "")
        except _Refused as exc:
            _VERDICTS[key] = str(exc)
        else:
            _VERDICTS[key] = None
    if _VERDICTS[key] is not None:
        raise _Refused(_VERDICTS[key])
    return data


def check_raster(data: bytes, expected: str) -> None:
    """Refuse what is not a complete, reasonably sized picture of the ``expected`` Pillow format."""
    from PIL import Image  # only needed when content shows a picture

    shown = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}[expected]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Pillow's own bomb warning: our limit is lower
        try:
            with Image.open(io.BytesIO(data), formats=[expected]) as image:  # reads the header only
                width, height = image.size
                if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
                    raise _Refused(f"is te groot ({width:,} × {height:,} pixels)".replace(",", "."))
                image.verify()  # checksums, without decoding
            with Image.open(io.BytesIO(data), formats=[expected]) as image:
                image.load()  # decodes it all: a cut-off or damaged picture fails here
        except Image.DecompressionBombError:
            raise _Refused("is te groot (meer dan 178 miljoen pixels)") from None
        except _Refused:
            raise
        except Exception:  # noqa: BLE001 - Pillow raises many kinds for damaged files
            raise _Refused(f"is geen geldig {shown}-bestand of is beschadigd") from None


def _check_value(value: str, element: str) -> None:
    """Refuse a value that could fetch or run something: see :func:`check_svg`."""
    if "@" in value or "\\" in value:
        raise _Refused(f"bevat op <{element}> een waarde met '@' of '\\', die niet is toegestaan in een SVG")
    for function in _FUNCTION.findall(value):
        if function.lower() not in SVG_FUNCTIONS:
            raise _Refused(f"gebruikt '{function}(...)' op <{element}>, dat niet is toegestaan in een SVG")
    for url in _URL.findall(value):
        if not url.startswith("#"):
            raise _Refused(f"verwijst met url(...) naar '{url[:60]}' buiten de tekening (alleen '#id' is toegestaan)")


class _Scope:
    """The elements of an SVG up to the next one with an id, and the ids they refer to."""

    __slots__ = ("count", "children", "refs")

    def __init__(self) -> None:
        self.count = 0
        self.children: list[_Scope] = []
        self.refs: list[str] = []


def check_svg(data: bytes) -> None:
    """Refuse an SVG unless it is plain drawing: see the module's description.

    References inside the drawing (``<use href="#a">``, ``fill="url(#p)"``) draw
    a copy of what they name; a reference that comes back to itself, or copies
    of copies that add up to more than :data:`MAX_SVG_ELEMENTS` elements (30
    nested levels of two ``<use>`` each make a billion), are refused too.
    """
    parser = expat.ParserCreate(namespace_separator=" ")
    root = _Scope()
    open_scopes = [root]  # the scope of each open element, innermost last
    by_id: dict[str, _Scope] = {}

    def refuse(message: str):
        raise _Refused(message)

    def start(name: str, attributes: dict[str, str]) -> None:
        namespace, _, local = name.rpartition(" ")
        if len(open_scopes) == 1 and (namespace, local) != (SVG_NS, "svg"):
            refuse("is geen SVG-tekening (het hoofdelement is geen <svg> in de SVG-namespace)")
        if namespace != SVG_NS or local not in SVG_ELEMENTS:
            refuse(f"bevat het element <{local}>, dat niet is toegestaan in een SVG")
        scope = open_scopes[-1]
        if attributes.get("id"):
            scope = _Scope()
            open_scopes[-1].children.append(scope)
            by_id[attributes["id"]] = scope
        scope.count += 1
        open_scopes.append(scope)
        for attribute, value in attributes.items():
            attr_ns, _, attr = attribute.rpartition(" ")
            allowed = {"": SVG_ATTRIBUTES, XLINK_NS: {"href", "title"}, XML_NS: {"space", "lang"}}.get(attr_ns, set())
            if attr not in allowed:
                refuse(f"bevat het attribuut '{attr}' op <{local}>, dat niet is toegestaan in een SVG")
            if attr == "href":
                if not value.strip().startswith("#"):
                    refuse(f"verwijst naar '{value[:60]}' buiten de tekening (alleen '#id' is toegestaan)")
                scope.refs.append(value.strip()[1:])
            if attr not in TEXT_ATTRIBUTES:
                _check_value(value, local)
                scope.refs.extend(url[1:] for url in _URL.findall(value))
            if attr == "style":
                for declaration in value.split(";"):
                    prop = declaration.partition(":")[0].strip().lower()
                    if prop and prop not in SVG_ATTRIBUTES:
                        refuse(f"bevat de stijl '{prop[:40]}' op <{local}>, die niet is toegestaan in een SVG")

    def end(_name: str) -> None:
        open_scopes.pop()

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = lambda *args: refuse("bevat een DOCTYPE (met mogelijk entiteiten of externe bestanden)")
    parser.EntityDeclHandler = lambda *args: refuse("bevat een entiteit-definitie")
    parser.ProcessingInstructionHandler = lambda target, _data: refuse(f"bevat de verwerkingsinstructie '<?{target}'")
    parser.ExternalEntityRefHandler = lambda *args: refuse("verwijst naar een externe entiteit")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise _Refused(f"is geen geldige XML (regel {exc.lineno}, kolom {exc.offset + 1}: "
                       f"{expat.ErrorString(exc.code)})") from None
    _check_copies(root, by_id)


def _check_copies(root: _Scope, by_id: dict[str, _Scope]) -> None:
    """Count the elements drawn, copies included (depth first, without recursion); refuse cycles."""
    drawn: dict[int, int] = {}  # id(scope) -> elements drawn for it; absent while being counted
    visiting: set[int] = set()

    def parts(scope: _Scope) -> list[_Scope]:
        return scope.children + [by_id[ref] for ref in scope.refs if ref in by_id]

    todo: list[tuple[_Scope, bool]] = [(root, False)]
    while todo:
        scope, counted_parts = todo.pop()
        key = id(scope)
        if counted_parts:
            visiting.discard(key)
            drawn[key] = scope.count + sum(drawn[id(part)] for part in parts(scope))
            if drawn[key] > MAX_SVG_ELEMENTS:
                raise _Refused(f"tekent met <use> en url(#...) meer dan {MAX_SVG_ELEMENTS:_} elementen"
                               .replace("_", "."))
            continue
        if key in drawn:
            continue
        visiting.add(key)
        todo.append((scope, True))
        for part in parts(scope):
            if id(part) in visiting:
                raise _Refused("verwijst met <use> of url(#...) naar zichzelf")
            if id(part) not in drawn:
                todo.append((part, False))
