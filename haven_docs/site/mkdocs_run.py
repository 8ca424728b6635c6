"""Run MkDocs in this process on the generated docs folder, in strict mode.

The root ``mkdocs.yml`` holds the site's configuration; only the folders and
the navigation (which follows the content) are set here. Any warning fails
the build, and the warnings are handed back in the exception.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path
from typing import Any

from ..assets import logo_name

ROOT = Path(__file__).resolve().parent.parent.parent
CONFIG_FILE = ROOT / "mkdocs.yml"
#: The stylesheet with the house colour of content/instellingen.yaml (listed in mkdocs.yml's extra_css).
HOUSE_STYLE = "stylesheets/huisstijl.css"
#: Where the checked images of content/assets/ are published in the docs folder.
ASSET_DIR = "inhoud/assets/"
#: The settings key of the house-style logo: it goes into ``config.extra`` (see load_site_config).
LOGO_KEY = "logo"


class SiteBuildError(RuntimeError):
    """MkDocs failed or warned; a bug in the site generator, not in the content."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("de site kon niet worden gebouwd:\n  " + "\n  ".join(messages))


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith("A 'dirty' build is being performed"):
            return  # haven_docs.site.incremental makes dirty builds safe
        self.messages.append(f"{record.levelname.lower()}: {message}")


def mkdocs_settings(settings: Any) -> dict[str, Any]:
    """What content/instellingen.yaml sets of MkDocs' configuration (the site's name, its footer).

    Material prints these as trusted HTML (``{{ config.copyright }}``): from content they are
    escaped here, once (templates/site/overrides/main.html does not escape the name again).
    """
    if settings is None:
        return {}
    values = {"site_name": settings.site.titel, "site_description": settings.site.omschrijving,
              "copyright": settings.site.copyright}
    result = {key: html.escape(" ".join(value.split()), quote=True) for key, value in values.items() if value}
    logo = logo_name(settings)
    if logo:  # published with the checked images (haven_docs.site.builder): shown by partials/logo.html
        result[LOGO_KEY] = html.escape(f"{ASSET_DIR}{logo}", quote=True)
    return result


def load_site_config(docs_dir: Path, site_dir: Path, nav: list[Any] | None = None,
                     config_file: Path = CONFIG_FILE, settings: dict[str, Any] | None = None):
    from mkdocs.config import load_config

    settings = dict(settings or {})
    logo = settings.pop(LOGO_KEY, None)
    overrides: dict[str, Any] = {**settings, "docs_dir": str(docs_dir), "site_dir": str(site_dir),
                                 "strict": True, "use_directory_urls": True}
    if nav is not None:
        overrides["nav"] = nav
    config = load_config(str(config_file), **overrides)
    if logo:  # into extra, beside what mkdocs.yml sets there (an override would replace all of extra)
        config.extra["logo"] = logo
    return config


def site_settings(config_file: Path = CONFIG_FILE) -> tuple[str, str | None]:
    """``site_name`` and ``extra.gemeente`` of mkdocs.yml: defaults when content has no instellingen.yaml.

    Read as plain YAML (MkDocs' own tags such as ``!relative`` read as nothing):
    a full, validated MkDocs configuration took a twentieth of a one-page
    rebuild, and MkDocs loads it again for its own build anyway.
    """
    import yaml

    class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=Loader) or {}
    if "INHERIT" in data or "site_name" not in data:  # not plain: let MkDocs resolve it
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            config = load_site_config(Path(tmp), Path(tmp) / "site", config_file=config_file)
        return config.site_name, (config.extra or {}).get("gemeente")
    return data["site_name"], (data.get("extra") or {}).get("gemeente")


def run_mkdocs(docs_dir: Path, site_dir: Path, nav: list[Any], config_file: Path = CONFIG_FILE,
               dirty: bool = False, settings: dict[str, Any] | None = None) -> None:
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    logger = logging.getLogger("mkdocs")
    handler = _Collect()
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(logging.WARNING)
    try:
        config = load_site_config(docs_dir, site_dir, nav, config_file, settings)
        if dirty:
            # MkDocs' strict mode counts its own warning about dirty builds;
            # the safety of our dirty builds is handled in incremental.py.
            config.strict = False
        build(config, dirty=dirty)
    except MkDocsException as exc:
        raise SiteBuildError(handler.messages + [str(exc)]) from None
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)
    if handler.messages:
        raise SiteBuildError(handler.messages)
