"""The command line: template mistakes and internal bugs become clear messages, never tracebacks."""

from __future__ import annotations

import jinja2
import pytest

from haven_docs import cli
from haven_docs.build import _template_diagnostic
from haven_docs.templating import make_environment


def test_template_typo_fails_instead_of_printing_nothing(tmp_path):
    (tmp_path / "pagina.html").write_text("<h1>{{ doc.titel }}</h1>\n<p>{{ doc.titl }}</p>\n")
    env = make_environment(tmp_path)
    with pytest.raises(jinja2.UndefinedError) as info:
        env.get_template("pagina.html").render(doc={"titel": "Visie"})
    diagnostic = _template_diagnostic(info.value)
    assert diagnostic.code == "template-error"
    assert diagnostic.pos.path.endswith("pagina.html") and diagnostic.pos.line == 2
    assert "titl" in diagnostic.message


def test_template_syntax_error_names_template_and_line(tmp_path):
    (tmp_path / "kapot.html").write_text("regel 1\n{% if x %}\n")
    with pytest.raises(jinja2.TemplateSyntaxError) as info:
        make_environment(tmp_path).get_template("kapot.html")
    diagnostic = _template_diagnostic(info.value)
    assert (diagnostic.pos.path.endswith("kapot.html"), diagnostic.pos.line) == (True, 2)


def test_autoescape_is_on_for_content(tmp_path):
    (tmp_path / "p.html").write_text("{{ tekst }}")
    assert make_environment(tmp_path).get_template("p.html").render(tekst="<script>x</script>") == \
        "&lt;script&gt;x&lt;/script&gt;"


def test_internal_bug_is_reported_as_one(monkeypatch, capsys):
    import haven_docs.corpus

    def broken(_content):
        raise KeyError("onverwacht")

    monkeypatch.setattr(haven_docs.corpus, "check_corpus", broken)
    assert cli.main(["check"]) == cli.EXIT_INTERNAL
    err = capsys.readouterr().err
    assert "interne fout in haven_docs (KeyError" in err
    assert "Dit is een fout in het programma, niet in de inhoud" in err
    assert "Traceback" not in err


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["build", "--jobs", "0"])
    assert info.value.code == 2
    assert "gebruiksfout" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        cli.main(["serve", "--port", "70000"])
    assert info.value.code == 2
