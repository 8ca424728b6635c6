"""The only way WeasyPrint reaches a file: the print templates' folder and content/assets/.

WeasyPrint fetches stylesheets, images and fonts through a URL fetcher. By
default it fetches anything (http, https, ftp, file, data), and a failure is
only logged. :class:`AssetFetcher` serves plain files below a few allowed
folders and refuses everything else with :class:`ResourceRefused`, which
stops the render: a PDF never silently misses a part, and a template or a
piece of content can never make the build read ``/etc/passwd`` or call out
to the network.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Iterable
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

# WeasyPrint warns at import on a machine without any system font ("Expect ugly output"):
# not so for us, the house font ships with the style sheet (templates/print/fonts/).
warnings.filterwarnings("ignore", message="No fonts configured in FontConfig")

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse  # noqa: E402

#: Types we serve; anything else (an .html, a .py) is refused even inside the roots.
MIME_TYPES = {
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
}


class ResourceRefused(FatalURLFetchingError):
    """A resource outside the allowed folders, or one that cannot be read.

    A subclass of WeasyPrint's FatalURLFetchingError, so WeasyPrint stops the
    render instead of logging and carrying on. (That base class derives from
    BaseException; :mod:`haven_docs.pdf.render` turns it into an ordinary
    exception at the edge of the render.)
    """

    def __init__(self, url: str, reason: str):
        self.url = url
        self.reason = reason
        super().__init__(f"bron geweigerd: {url}: {reason}")

    def __reduce__(self):  # picklable across worker processes
        return (type(self), (self.url, self.reason))


class AssetFetcher(URLFetcher):
    """Serve ``file:`` URLs below ``roots``; refuse every other URL."""

    def __init__(self, roots: Iterable[Path | str]):
        super().__init__(timeout=1, allowed_protocols=("file",), allow_redirects=False, fail_on_errors=True)
        self.roots = tuple(Path(os.path.realpath(root)) for root in roots)
        #: Every refusal, also those WeasyPrint swallows (it catches everything
        #: while drawing an SVG): the render checks this list afterwards.
        self.refused: list[ResourceRefused] = []

    def resolve(self, url: str) -> Path:
        """The real path ``url`` names, if it is an allowed file; else ResourceRefused."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme != "file":
            what = "netwerkadressen" if scheme in ("http", "https", "ftp") else f"'{scheme or '?'}:'-adressen"
            raise ResourceRefused(url, f"{what} worden niet opgehaald; gebruik een bestand uit {self._where()}")
        if parts.netloc not in ("", "localhost"):
            raise ResourceRefused(url, "bestanden op een andere machine worden niet opgehaald")
        # Decode %2e%2e and friends first, then resolve '..' and symbolic links.
        path = Path(os.path.realpath(url2pathname(unquote(parts.path))))
        if not any(path.is_relative_to(root) for root in self.roots):
            raise ResourceRefused(url, f"dit bestand ligt buiten {self._where()}")
        if path.suffix.lower() not in MIME_TYPES:
            raise ResourceRefused(url, f"bestanden van het type '{path.suffix or '(geen)'}' worden niet gebruikt")
        if not path.is_file():
            raise ResourceRefused(url, "bestand niet gevonden")
        return path

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        try:
            path = self.resolve(url)
            try:
                body = path.read_bytes()
            except OSError as exc:
                raise ResourceRefused(url, f"bestand kan niet worden gelezen ({exc.strerror})") from None
        except ResourceRefused as refused:
            self.refused.append(refused)
            raise
        return URLFetcherResponse(path.as_uri(), body, {"Content-Type": MIME_TYPES[path.suffix.lower()]})

    def _where(self) -> str:
        return " of ".join(_shown(root) for root in self.roots)


def _shown(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd().resolve()).as_posix() + "/"
    except ValueError:
        return path.as_posix() + "/"

