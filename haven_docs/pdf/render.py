"""WeasyPrint: print HTML to an archival, accessible, reproducible PDF.

Variant: PDF/A-3a. It is the one variant WeasyPrint offers that is at once
archival (PDF/A), tagged (level "a": structure tree, /Lang, /MarkInfo) and
allowed to carry the YAML source as an attachment (PDF/A-2 strips non-PDF
attachments; PDF/A-4 has no tagged level in WeasyPrint). WeasyPrint cannot
claim PDF/UA-1 in the same file, so the XMP packet gets ``pdfuaid:part=1``
here, with the extension-schema declaration PDF/A requires for a namespace
it does not predefine, plus the document number.

Reproducible bytes: every date in the file comes from the content. The
document's date goes into ``dcterms.created``/``modified`` (set by the
template), the attachment's dates, and ``SOURCE_DATE_EPOCH`` (read by
fontTools when it subsets the embedded fonts). PDF/A's file identifier is a
hash of the content, so it is stable too.
"""

from __future__ import annotations

import datetime as dt
import logging
import mimetypes
import os
from xml.etree.ElementTree import Element, SubElement, fromstring, tostring

from .fetcher import AssetFetcher, ResourceRefused
from .html import PDF_VARIANT, PRINT_DIR, PrintJob, RenderError, epoch_of  # noqa: F401


NS_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
NS_DC = "http://purl.org/dc/elements/1.1/"
NS_PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
NS_PDFA_EXTENSION = "http://www.aiim.org/pdfa/ns/extension/"
NS_PDFA_SCHEMA = "http://www.aiim.org/pdfa/ns/schema#"
NS_PDFA_PROPERTY = "http://www.aiim.org/pdfa/ns/property#"
#: Our own namespace for what PDF metadata has no field for (the document number).
NS_HAVEN = "https://haven-docs.nl/ns/document/1.0/"


# --- XMP ------------------------------------------------------------------------------------


def _description(rdf: Element) -> Element:
    element = SubElement(rdf, f"{{{NS_RDF}}}Description")
    element.set(f"{{{NS_RDF}}}about", "")
    return element


def _schema(bag: Element, name: str, uri: str, prefix: str, properties: list[tuple[str, str, str, str]]) -> None:
    li = SubElement(bag, f"{{{NS_RDF}}}li")
    li.set(f"{{{NS_RDF}}}parseType", "Resource")
    SubElement(li, f"{{{NS_PDFA_SCHEMA}}}schema").text = name
    SubElement(li, f"{{{NS_PDFA_SCHEMA}}}namespaceURI").text = uri
    SubElement(li, f"{{{NS_PDFA_SCHEMA}}}prefix").text = prefix
    seq = SubElement(SubElement(li, f"{{{NS_PDFA_SCHEMA}}}property"), f"{{{NS_RDF}}}Seq")
    for prop_name, value_type, category, description in properties:
        prop = SubElement(seq, f"{{{NS_RDF}}}li")
        prop.set(f"{{{NS_RDF}}}parseType", "Resource")
        SubElement(prop, f"{{{NS_PDFA_PROPERTY}}}name").text = prop_name
        SubElement(prop, f"{{{NS_PDFA_PROPERTY}}}valueType").text = value_type
        SubElement(prop, f"{{{NS_PDFA_PROPERTY}}}category").text = category
        SubElement(prop, f"{{{NS_PDFA_PROPERTY}}}description").text = description


def extend_rdf(rdf_bytes: bytes, job: PrintJob) -> bytes:
    """WeasyPrint's rdf:RDF plus PDF/UA identification and the document's identity.

    Everything goes into the one rdf:RDF element: XMP readers (and pikepdf)
    read only the first one in a packet.
    """
    from xml.etree.ElementTree import register_namespace

    for prefix, uri in (("pdfuaid", NS_PDFUAID), ("pdfaExtension", NS_PDFA_EXTENSION),
                        ("pdfaSchema", NS_PDFA_SCHEMA), ("pdfaProperty", NS_PDFA_PROPERTY),
                        ("haven", NS_HAVEN), ("dc", NS_DC), ("rdf", NS_RDF)):
        register_namespace(prefix, uri)
    rdf = fromstring(rdf_bytes)

    extension = _description(rdf)
    bag = SubElement(SubElement(extension, f"{{{NS_PDFA_EXTENSION}}}schemas"), f"{{{NS_RDF}}}Bag")
    _schema(bag, "PDF/UA Universal Accessibility Schema", NS_PDFUAID, "pdfuaid", [
        ("part", "Integer", "internal", "Indicates, which part of ISO 14289 standard is followed"),
    ])
    _schema(bag, "haven_docs document identity", NS_HAVEN, "haven", [
        ("documentId", "Text", "external", "Stable id of the document in the content"),
        ("documentSoort", "Text", "external", "Kind of document (nota, raadsvoorstel, beleidskader, ...)"),
        ("documentNummer", "Text", "external", "Number of the document as published (voorstelnummer, notanummer)"),
        ("documentNummerSoort", "Text", "external", "What the number is (Voorstelnummer, Notanummer, Raadsbesluit)"),
    ])

    SubElement(_description(rdf), f"{{{NS_PDFUAID}}}part").text = "1"

    identity = _description(rdf)
    SubElement(identity, f"{{{NS_HAVEN}}}documentId").text = job.info.id
    SubElement(identity, f"{{{NS_HAVEN}}}documentSoort").text = job.info.kind
    if job.info.number:
        SubElement(identity, f"{{{NS_HAVEN}}}documentNummer").text = job.info.number
        SubElement(identity, f"{{{NS_HAVEN}}}documentNummerSoort").text = job.info.number_label or ""
    dc = _description(rdf)
    SubElement(dc, f"{{{NS_DC}}}identifier").text = job.info.number or job.info.id
    language = SubElement(SubElement(dc, f"{{{NS_DC}}}language"), f"{{{NS_RDF}}}Bag")
    SubElement(language, f"{{{NS_RDF}}}li").text = "nl-NL"
    if job.info.author:
        publisher = SubElement(SubElement(dc, f"{{{NS_DC}}}publisher"), f"{{{NS_RDF}}}Bag")
        SubElement(publisher, f"{{{NS_RDF}}}li").text = job.info.author
    return tostring(rdf, encoding="utf-8")


def _with_extended_metadata(document, job: PrintJob) -> None:
    """Swap in a metadata object that writes the extended RDF (same data, one more step)."""
    from weasyprint.pdf.metadata import DocumentMetadata

    class HavenMetadata(DocumentMetadata):
        def generate_rdf_metadata(self, variant, version, conformance):
            return extend_rdf(super().generate_rdf_metadata(variant, version, conformance), job)

    metadata = HavenMetadata.__new__(HavenMetadata)
    metadata.__dict__.update(document.metadata.__dict__)
    document.metadata = metadata


def _finish(document, pdf) -> None:
    """Last touches on the PDF object before it is written.

    * WeasyPrint 70 lists each attachment twice in the catalog's /AF (once
      from the EmbeddedFiles name tree, once from the file specification):
      keep one.
    * It gives table header cells no /Scope (PDF/UA asks for one): a header
      cell in the table head heads its column, as does a group title that
      spans the row; a header cell in a body row heads its row.
    """
    import pydyf

    af = pdf.catalog.get("AF")
    if af:
        unique = list(dict.fromkeys(af))
        af.clear()
        af.extend(unique)

    def parent(element):
        reference = element.get("P") if isinstance(element, dict) else None
        return pdf.objects[int(reference.split()[0])] if reference else None

    for element in pdf.objects:
        if not isinstance(element, dict) or element.get("S") != "/TH":
            continue
        attributes = element.setdefault("A", pydyf.Dictionary({"O": "/Table"}))
        group = parent(parent(element))
        in_head = group is not None and group.get("S") == "/THead"
        attributes["Scope"] = "/Column" if in_head or attributes.get("ColSpan") else "/Row"


# --- rendering --------------------------------------------------------------------------------


def render_pdf(job: PrintJob) -> bytes:
    """The PDF of one print job, as bytes. Raises RenderError with a clear message."""
    from weasyprint import HTML, Attachment

    mimetypes.add_type("application/yaml", ".yaml")  # RFC 9512; Python 3.11 does not know it
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch_of(job))
    stamp = dt.datetime.fromtimestamp(epoch_of(job), tz=dt.timezone.utc).replace(tzinfo=None)
    fetcher = AssetFetcher(job.roots)
    try:
        stylesheet, font_config = _house_style(fetcher)
        page = HTML(string=job.html, base_url=job.base_url, url_fetcher=fetcher)
        styles = [stylesheet]

        def render():
            return page.render(stylesheets=styles, font_config=font_config, pdf_variant=PDF_VARIANT)

        if job.parts:
            document = render_bundle(job, render, styles)
        else:
            document = render()
            if not toc_helps(document):
                styles.append(_without_toc())
                document = render()
            document = no_hyphen_at_page_end(document, render)
        _with_extended_metadata(document, job)
        # No source for a document with withheld Woo passages, or whose YAML names what the public
        # edition holds back (empty bytes).
        attachments = [Attachment(
            string=job.source_bytes, name=job.source_name, relationship="Source",
            description=f"Bron van dit document (YAML, content/{job.source_shown})",
            created=stamp, modified=stamp,
        )] if job.source_bytes else []
        attachments += [Attachment(
            string=raw, name=name, relationship="Source",
            description=f"Bron van een bijlage in deze bundel (YAML, content/{shown})",
            created=stamp, modified=stamp,
        ) for name, shown, raw in job.attachments if raw]
        pdf = document.write_pdf(pdf_variant=PDF_VARIANT, attachments=attachments, finisher=_finish)
    except ResourceRefused as exc:  # a BaseException in WeasyPrint: stop here, as an Exception
        raise RenderError(job.doc_id, job.source_path, f"pdf niet gemaakt: {exc}") from None
    if fetcher.refused:  # refused, but WeasyPrint carried on without it
        raise RenderError(job.doc_id, job.source_path, f"pdf niet gemaakt: {fetcher.refused[0]}")
    return pdf


#: A table of contents is printed only where it helps: when the text after it
#: (from the first page of the body, ``<main id="_romp">``) runs to at least
#: this many pages. A shorter document is read through (and its PDF has bookmarks).
TOC_MIN_PAGES = 5


def toc_helps(document) -> bool:
    """Whether a rendered document with a table of contents (``id="_inhoudsopgave"``) keeps it."""
    pages = [set(page.anchors) for page in document.pages]
    toc = next((i for i, ids in enumerate(pages) if "_inhoudsopgave" in ids), None)
    body = next((i for i, ids in enumerate(pages) if "_romp" in ids), None)
    if toc is None or body is None:
        return True  # no table of contents to leave out
    return len(pages) - body >= TOC_MIN_PAGES


# --- bundles ---------------------------------------------------------------------------------


def part_pages(document, job: PrintJob) -> tuple[list[tuple[int, int]], set[int]]:
    """Where the parts of a rendered bundle are: per part (index of its first page after the
    divider, its number of pages), and the parts whose table of contents does not help
    (the rule of :func:`toc_helps`, per part)."""
    pages = [set(page.anchors) for page in document.pages]

    def first(anchor: str) -> int | None:
        return next((i for i, ids in enumerate(pages) if anchor in ids), None)

    dividers = [first(part.doc_id) for part in job.parts]
    layout, no_toc = [], set()
    for i, part in enumerate(job.parts):
        start = first(f"{part.prefix}_begin")
        end = dividers[i + 1] if i + 1 < len(job.parts) else len(pages)
        layout.append((start, end - start))
        toc, body = first(f"{part.prefix}_inhoudsopgave"), first(f"{part.prefix}_romp")
        if toc is not None and body is not None and end - body < TOC_MIN_PAGES:
            no_toc.add(part.index)
    return layout, no_toc


def _numbering(job: PrintJob, layout: list[tuple[int, int]], no_toc: set[int]):
    """A bundle's page numbers per part (and the tables of contents left out), as a stylesheet.

    WeasyPrint gives extra stylesheets the user origin: a declaration that bundel.css also
    makes needs !important to win."""
    from weasyprint import CSS

    rules = []
    for part, (start, count) in zip(job.parts, layout):
        rules.append(f"@page :nth({start + 1}) {{ counter-reset: page 1; }}")
        rules.append(f'section.deel[data-deel="{part.index}"] {{ string-set: kop attr(data-kop), '
                     f'nummer attr(data-nummer), deelpaginas "{count}" !important; }}')
        if part.index in no_toc:
            rules.append(f'section.deel[data-deel="{part.index}"] nav.inhoudsopgave {{ display: none; }}')
    return CSS(string="\n".join(rules))


#: A bundle is laid out again at most this many times until its page numbers hold.
BUNDLE_PASSES = 3


def render_bundle(job: PrintJob, render, styles: list):
    """Lay out a bundle with page numbers per part.

    Each part counts its own pages, as its own PDF does: page 1 is the first page after its
    divider, "van N" the number of pages of the part. Both are known only after layout and
    neither changes the layout of the text (they are in the page margins). So: lay out, note
    where each part begins and how long it is (and, as render_pdf does per document, which
    tables of contents go), lay out again with those numbers, until they hold.
    """
    layout, no_toc = part_pages(render(), job)
    styles.append(_numbering(job, layout, no_toc))
    for _ in range(BUNDLE_PASSES):
        document = no_hyphen_at_page_end(render(), render)
        found, more = part_pages(document, job)
        if found == layout and more <= no_toc:
            break
        layout, no_toc = found, no_toc | more  # a table of contents once left out stays out
        styles[-1] = _numbering(job, layout, no_toc)
    return document


#: Re-layouts at most this many times to keep hyphenation off the last line of a page.
HYPHEN_PASSES = 3


def hyphenated_page_ends(document) -> list:
    """The block elements whose text is hyphenated across a page break.

    WeasyPrint has no ``hyphenate-limit-last: page`` (CSS Text 4): a line that
    ends a page may end in a hyphenated word ("uitvoe-" / "ring"). Such lines
    are found after layout: the last line of a page's text (not the footnotes,
    not the margins) that ends in the hyphenation character.
    """
    from weasyprint.formatting_structure import boxes

    def last_line(box):
        if isinstance(box, boxes.LineBox):
            return box
        for child in reversed(getattr(box, "children", None) or []):
            if isinstance(child, boxes.MarginBox):
                continue
            found = last_line(child)
            if found is not None:
                return found
        return None

    def text(box) -> str:
        if isinstance(box, boxes.TextBox):
            return box.text
        return "".join(text(child) for child in getattr(box, "children", None) or [])

    found = []
    for page in document.pages[:-1]:
        line = last_line(page._page_box)
        if line is None or line.element is None:
            continue
        ending = text(line).rstrip()
        if len(ending) > 1 and ending.endswith("-") and ending[-2].isalpha() and line.element not in found:
            found.append(line.element)
    return found


def no_hyphen_at_page_end(document, render_again):
    """The document laid out again, without hyphenation in each paragraph that a page
    break splits inside a hyphenated word, until none is (at most HYPHEN_PASSES times)."""
    for _ in range(HYPHEN_PASSES):
        elements = [e for e in hyphenated_page_ends(document) if "hyphens: manual" not in (e.get("style") or "")]
        if not elements:
            break
        for element in elements:
            element.set("style", ((element.get("style") or "") + "; hyphens: manual").lstrip("; "))
        document = render_again()
    return document


_WITHOUT_TOC: list[object] = []


def _without_toc():
    from weasyprint import CSS

    if not _WITHOUT_TOC:
        _WITHOUT_TOC.append(CSS(string="nav.inhoudsopgave { display: none; }"))
    return _WITHOUT_TOC[0]


_STYLESHEET: dict[tuple[str, int], tuple[object, object]] = {}


def _house_style(fetcher: AssetFetcher):
    """templates/print/print.css and its fonts, loaded once per process: (stylesheet, font configuration).

    Parsing it took about a third of the time of a short document when every
    document linked it; a parsed stylesheet can be given to every render. Its
    ``@font-face`` rules load the shipped Open Sans through ``fetcher`` here,
    once: a face that cannot be fetched raises ResourceRefused (WeasyPrint
    would only log it and fall back to a system font).
    """
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    path = PRINT_DIR / "print.css"
    key = (str(path), path.stat().st_mtime_ns)
    if key not in _STYLESHEET:
        _STYLESHEET.clear()
        font_config = FontConfiguration()
        _STYLESHEET[key] = (CSS(filename=str(path), url_fetcher=fetcher, font_config=font_config), font_config)
    return _STYLESHEET[key]


# --- worker processes -----------------------------------------------------------------------


def warm_up() -> None:
    """Process initializer: import WeasyPrint and load fonts once per worker."""
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    import weasyprint  # noqa: F401  (the import itself is the slow part)


def worker_init(parent: int) -> None:
    """Pool initializer: warm up, and leave when the build that started us (``parent``) is gone.

    A worker blocks on its task queue; if the build (or `serve`) is killed, it
    would wait there forever. On Linux the kernel ends it (see
    :func:`haven_docs.pdf.pool._die_with_parent`); elsewhere, and as a second
    guard, it checks once a second that its parent lives. ``parent`` is the
    pid the build had when it forked us: asked here, after warming up, the
    answer would be init's if the build was killed meanwhile.
    """
    import threading
    import time

    warm_up()

    def watch() -> None:
        while True:
            time.sleep(1)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, name="haven-parent-watch", daemon=True).start()


def render_task(job: PrintJob) -> tuple[str, bytes]:
    return job.doc_id, render_pdf(job)
