#!/usr/bin/env python3
"""Write a valid synthetic content folder: N decision documents plus policy documents.

    python benchmarks/make_corpus.py --documents N --out DIR

Modelled on the real content: the same document kinds and sections, prose
taken from the real content's own sentences, and about as many references
per page (to pijlers, actielijnen, organisations, laws, footnotes). Decision
documents come in bundles of a nota, a raadsvoorstel and a raadsbesluit, with
every fourth bundle a nota with a raadsmededeling instead. Generation is
deterministic: the same N gives the same files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
HEADER = "# yaml-language-server: $schema=../../schema/haven-docs.schema.json\n"

FALLBACK_SENTENCES = [
    "Inburgeringsplichtigen leren zo snel mogelijk de Nederlandse taal op het voor hen hoogst haalbare niveau.",
    "De gemeente legt vroegtijdig contact met een nieuwkomer die gekoppeld is aan de gemeente.",
    "Met onze uitvoeringspartners maken we afspraken die we vastleggen in subsidies of overeenkomsten.",
    "We zetten in op het informeren en betrekken van bewoners in overleg met de uitvoeringspartners.",
    "De uitgangspunten en leidende principes geven richting voor de uitvoering.",
]


def real_sentences(content: Path) -> list[str]:
    """Sentences from the real content, so the synthetic text has realistic length and words."""
    sentences: list[str] = []

    def collect(value):
        if isinstance(value, str):
            for part in value.replace("\n", " ").split(". "):
                part = part.strip()
                if 60 <= len(part) <= 300 and "[[" not in part and "]]" not in part:
                    sentences.append(part.rstrip(".") + ".")
        elif isinstance(value, list):
            for item in value:
                collect(item)
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)

    for path in sorted(content.glob("documenten/*.yaml")):
        try:
            collect(yaml.safe_load(path.read_text(encoding="utf-8")))
        except yaml.YAMLError:
            continue
    return sorted(set(sentences)) or FALLBACK_SENTENCES


class _NoAliasDumper(yaml.SafeDumper):
    """Content files may not use anchors or aliases: write repeated values out."""

    def ignore_aliases(self, data) -> bool:
        return True


class Writer:
    def __init__(self, out: Path, seed: int, sentences: list[str]):
        self.out = out
        self.random = random.Random(seed)
        self.sentences = sentences

    def prose(self, count: int, refs: list[str] = ()) -> str:
        parts = [self.random.choice(self.sentences) for _ in range(count)]
        for ref in refs:
            i = self.random.randrange(len(parts))
            parts[i] = parts[i].rstrip(".") + f" (zie [[{ref}]])."
        return " ".join(parts)

    def write(self, folder: str, name: str, data: dict) -> None:
        path = self.out / folder / f"{name}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        text = yaml.dump(data, Dumper=_NoAliasDumper, allow_unicode=True, sort_keys=False, width=100)
        path.write_text(HEADER + text, encoding="utf-8")


ORGANISATIONS = [
    ("coa", "Centraal Orgaan opvang asielzoekers", "COA"), ("nidos", "NIDOS", None),
    ("konnected", "KonnecteD", None), ("vangnet", "Stichting Vangnet", None),
    ("dok", "Deventer Ontwikkel Kwartier", "DOK"), ("vluchtelingenwerk", "Vluchtelingenwerk", None),
    ("deventer-doet", "Deventer Doet", None), ("bibliotheek", "Bibliotheek Deventer", None),
    ("taalhuis", "Taalhuis", None), ("stichting-present", "Stichting Present", None),
    ("ggd", "GGD", None), ("isk", "Internationale Schakelklas", "ISK"),
]
LAWS = [
    ("wet-inburgering-2021", "Wet inburgering 2021", 2021), ("spreidingswet", "Spreidingswet", 2024),
    ("wet-coa", "Wet Centraal Orgaan opvang asielzoekers", 2024), ("huisvestingswet", "Huisvestingswet 2014", 2014),
    ("vreemdelingenwet", "Vreemdelingenwet 2000", 2000),
]
SECTIONS = [
    "Inleiding", "Beoogd maatschappelijk resultaat", "Kader", "Betrokken partijen en participatie",
    "Argumenten voor en tegen", "Financiële consequenties en dekking", "Openbaarmaking en communicatie",
    "Aanpak en uitvoering",
]


def make_registry(w: Writer) -> None:
    w.write("registers", "register", {
        "soort": "register",
        "organisaties": [
            {"id": i, "naam": n, **({"afkorting": a} if a else {})} for i, n, a in ORGANISATIONS
        ],
        "wetten": [{"id": i, "titel": t, "jaar": y} for i, t, y in LAWS],
        "besluiten": [
            {"id": "besluit-visie", "titel": "Visie 'Deventer, een veilige haven'", "orgaan": "raad",
             "soort": "raadsbesluit", "nummer": "2025-648", "datum": dt.date(2025, 10, 15),
             "document": "visie"},
        ],
        "moties": [
            {"id": "motie-mentale-gezondheid", "soort": "motie", "titel": "Oog voor mentale gezondheid",
             "datum": dt.date(2025, 10, 15), "bij": "besluit-visie", "status": "aangenomen"},
        ],
        "personen": [
            {"id": "wethouder", "naam": "De Geest", "functie": "wethouder"},
            {"id": "secretaris", "naam": "J.P. Wassens", "functie": "gemeentesecretaris"},
            {"id": "burgemeester", "naam": "R.C. König", "functie": "burgemeester"},
            {"id": "griffier", "naam": "A. Kerver", "functie": "griffier"},
        ],
        "afkortingen": [{"afkorting": a, "betekenis": n} for _, n, a in ORGANISATIONS if a],
    })


PILLARS = [("opvang", "Humane opvang"), ("meedoen", "Iedereen telt en doet mee"), ("taal", "Taal als basis")]


def make_policy(w: Writer) -> list[str]:
    """The visie and the uitvoeringsprogramma; returns the actielijn ids."""
    pijlers = []
    for n, (key, title) in enumerate(PILLARS, start=1):
        pijlers.append({
            "id": f"pijler-{key}", "nummer": str(n), "titel": title,
            "uitgangspunten": [{"id": f"up-{key}-{u}", "tekst": w.prose(2)} for u in range(1, 5)],
        })
    w.write("documenten", "visie", {
        "soort": "visie", "id": "visie", "titel": "Deventer, een veilige haven",
        "datum": dt.date(2025, 10, 15), "vastgesteld_bij": "besluit-visie", "ambitie": w.prose(3),
        "moties": ["motie-mentale-gezondheid"], "pijlers": pijlers,
    })
    actielijnen: list[str] = []
    chapters = [{"id": "up-h1", "nummer": "1", "titel": "Van visie naar uitvoering",
                 "inhoud": [{"tekst": w.prose(6, ["pijler-opvang", "voetnoot-asielwet"])},
                            {"tekst": w.prose(8, ["coa"])}]}]
    sections, rows_by_pillar = [], []
    for key, title in PILLARS:
        lopend = [{"id": f"al-{key}-lopend-{i}", "tekst": w.prose(3, [w.random.choice(ORGANISATIONS)[0]]),
                   "uitgangspunten": [f"up-{key}-{1 + i % 4}"]} for i in range(1, 6)]
        extra = [{"id": f"al-{key}-extra-{i}", "nummer": str(i), "tekst": w.prose(3),
                  "uitgangspunten": [f"up-{key}-{1 + i % 4}"]} for i in range(1, 4)]
        actielijnen += [a["id"] for a in extra]
        sections.append({
            "id": f"up-pijler-{key}", "titel": f"Pijler: {title}",
            "inhoud": [
                {"opnemen": f"pijler-{key}"},
                {"kop": "Wat doen we al?"},
                {"actielijnen": {"pijler": f"pijler-{key}", "categorie": "lopend", "items": lopend}},
                {"kop": "Voorstel voor extra inzet"},
                {"actielijnen": {"pijler": f"pijler-{key}", "categorie": "extra-inzet", "items": extra}},
            ],
        })
        rows_by_pillar.append((title, [
            {"id": f"br-{a['id']}", "actielijn": a["id"],
             "cellen": {"onderdeel": w.prose(1)[:90], "kosten": w.random.randrange(2, 26) * 10000,
                        "si": w.random.choice("SI")}} for a in extra
        ]))
    chapters.append({"id": "up-h2", "nummer": "2", "titel": "Uitgangspunten en actielijnen", "secties": sections})
    total = sum(r["cellen"]["kosten"] for _, rows in rows_by_pillar for r in rows)
    split: dict[str, int] = {}
    for _, rows in rows_by_pillar:
        for r in rows:
            split[r["cellen"]["si"]] = split.get(r["cellen"]["si"], 0) + r["cellen"]["kosten"]
    chapters.append({"id": "up-h3", "nummer": "3", "titel": "Financieel overzicht", "inhoud": [
        {"tekst": w.prose(4)},
        {"tabel": {
            "id": "tabel-extra-inzet", "titel": "Benodigde middelen voor extra inzet",
            "rijsoort": "begrotingsregel", "grafiek": "staaf",
            "kolommen": [{"sleutel": "onderdeel", "titel": "Onderdeel"},
                         {"sleutel": "kosten", "titel": "Kosten (€)", "soort": "bedrag"},
                         {"sleutel": "si", "titel": "S/I", "soort": "code"}],
            "groepen": [{"titel": title, "rijen": rows} for title, rows in rows_by_pillar],
            "totaal": {"waarden": {"kosten": total}, "uitsplitsing": split},
        }},
    ]})
    w.write("documenten", "uitvoeringsprogramma", {
        "soort": "uitvoeringsprogramma", "id": "uitvoeringsprogramma",
        "titel": "Uitvoeringsprogramma 'Deventer, een veilige haven'", "datum": "2026-01", "visie": "visie",
        "route": [{"besluit": "besluit-visie", "omschrijving": "Raadsbesluit (oktober 2025)"}],
        "hoofdstukken": chapters,
        "bijlagen": [{"id": "up-bijlage-1", "nummer": "1", "titel": "Bijeenkomst", "inhoud": [{"tekst": w.prose(10)}]}],
        "voetnoten": [{"id": "voetnoot-asielwet", "nummer": "1", "tekst": w.prose(3)}],
    })
    return actielijnen


def make_decisions(w: Writer, count: int, actielijnen: list[str]) -> None:
    start = dt.date(2024, 1, 9)
    written = 0
    bundle = 0
    while written < count:
        bundle += 1
        number = f"{2024 + bundle // 400}-{bundle:04d}"
        decided = start + dt.timedelta(days=7 * (bundle % 300))
        onderwerp = f"Uitvoering veilige haven, besluit {bundle}"
        sections = []
        for title in SECTIONS:
            blocks: list[dict] = [{"tekst": w.prose(w.random.randrange(3, 7),
                                                    [w.random.choice(actielijnen)] if w.random.random() < 0.5 else [])}]
            if title == "Kader":
                blocks = [{"lijst": {"items": [{"ref": law[0]} for law in w.random.sample(LAWS, 3)]}}]
            sections.append({"titel": title, "inhoud": blocks})
        w.write("documenten", f"nota-{number}", {
            "soort": "nota", "id": f"nota-{number}", "onderwerp": onderwerp, "betreft": "uitvoeringsprogramma",
            "notanummer": number, "datum": decided, "bestuursorgaan": "B-en-W", "vergaderdatum": decided,
            "programma": "07 - Inkomensvoorziening en arbeidsmarkt", "portefeuillehouder": "wethouder",
            "parafering": [{"datum": decided - dt.timedelta(days=5), "rol": "Wethouder"}],
            "agendering": [{"datum": decided - dt.timedelta(days=5), "rol": "Gemeentesecretaris/algemeen directeur"}],
            "definitief_akkoord": decided, "besluit_datum": decided,
            "besluit": {"punten": [{"nummer": str(i), "tekst": w.prose(1)} for i in range(1, 4)],
                        "openbaarmaking": "De nota en het besluit openbaar te maken"},
            "secties": sections,
        })
        written += 1
        if bundle % 4 == 0:
            if written < count:
                w.write("documenten", f"raadsmededeling-{number}", {
                    "soort": "raadsmededeling", "id": f"raadsmededeling-{number}", "nota": f"nota-{number}",
                    "onderwerp": onderwerp,
                    "secties": [{"titel": t, "inhoud": [{"tekst": w.prose(5, ["uitvoeringsprogramma"])}]}
                                for t in ("Inleiding", "Kern van de boodschap", "Nadere toelichting")],
                })
                written += 1
            continue
        if written < count:
            w.write("documenten", f"raadsvoorstel-{number}", {
                "soort": "raadsvoorstel", "id": f"raadsvoorstel-{number}", "nota": f"nota-{number}",
                "onderwerp": onderwerp, "portefeuillehouder": "wethouder", "team": "DEV-BLD-MO",
                "voorstel": w.prose(1), "secties": sections,
                "ondertekening": {"aanhef": "Burgemeester en wethouders van de gemeente Deventer,",
                                  "ondertekenaars": [{"functie": "de secretaris", "persoon": "secretaris"},
                                                     {"functie": "de burgemeester", "persoon": "burgemeester"}]},
            })
            written += 1
        if written < count:
            w.write("documenten", f"raadsbesluit-{number}", {
                "soort": "raadsbesluit", "id": f"raadsbesluit-{number}", "raadsvoorstel": f"raadsvoorstel-{number}",
                "onderwerp": onderwerp, "besluit": [{"tekst": w.prose(1)}],
                "ondertekening": {"aanhef": "De raad voornoemd,",
                                  "ondertekenaars": [{"functie": "de griffier", "persoon": "griffier"},
                                                     {"functie": "de voorzitter", "persoon": "burgemeester"}]},
            })
            written += 1


def make_corpus(documents: int, out: Path, seed: int = 2026) -> None:
    w = Writer(out, seed, real_sentences(ROOT / "content"))
    make_registry(w)
    actielijnen = make_policy(w)
    make_decisions(w, documents, actielijnen)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, required=True, help="aantal beslisdocumenten")
    parser.add_argument("--out", type=Path, required=True, help="doelmap (wordt aangemaakt)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    if args.documents < 0:
        parser.error("--documents moet 0 of meer zijn")
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} bestaat al en is niet leeg")
    make_corpus(args.documents, args.out, args.seed)
    print(f"{args.documents} beslisdocumenten plus beleidsdocumenten geschreven naar {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
