"""Readers on files made here: noisy HTML, a real PDF and DOCX, plain text and Markdown."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingestion.chunking import chunk_text
from ingestion.readers import UnreadableDocument, iter_source_files, read_document
from knowledge.sentences import split_sentences

NOISY_HTML = """<!doctype html>
<html lang="de"><head><title>Kooperationsbörse Zittau | Grenzland Agentur</title></head>
<body>
<header><nav><ul><li><a href="/">Startseite</a></li><li><a href="/projekte">Projekte</a></li>
<li><a href="/kontakt">Kontakt</a></li></ul></nav></header>
<div class="ad">Anzeige</div>
<main><article>
<h1>Kooperationsbörse in Zittau</h1>
<p>Am 12. März treffen sich in Zittau sächsische und tschechische Zulieferer der
Kunststoffverarbeitung, um gemeinsame Projekte anzubahnen. Die Teilnahme ist für kleine und
mittlere Unternehmen kostenlos, die Anmeldung läuft über die Industrie- und Handelskammer.</p>
<p>Dolmetscher für Deutsch und Tschechisch stehen an allen Tischen bereit, damit die
Gespräche ohne Sprachbarriere laufen und Angebote direkt verglichen werden können.</p>
</article></main>
<aside><h3>Das könnte Sie auch interessieren</h3><p>Messe in Luzern startet das Jahr.</p>
<p>mehr...</p></aside>
<footer>Impressum · Datenschutz · Cookies akzeptieren</footer>
</body></html>
"""


def test_html_keeps_the_article_and_drops_navigation_and_ads(tmp_path: Path) -> None:
    page = tmp_path / "boerse.html"
    page.write_text(NOISY_HTML, encoding="utf-8")
    doc = read_document(page)
    assert "Kooperationsbörse" in doc.title
    assert "Dolmetscher für Deutsch und Tschechisch" in doc.text
    lines = {line.strip() for line in doc.text.splitlines()}
    for remnant in ("Anzeige", "mehr...", "Startseite", "Cookies akzeptieren"):
        assert remnant not in lines
    assert "Luzern" not in doc.text


def test_txt_dump_drops_teasers_and_remnant_lines(tmp_path: Path) -> None:
    dump = tmp_path / "seite.txt"
    dump.write_text(
        "Sie befinden sich hier: Projekte > Netzwerk\n\nNetzwerk Oberlausitz\n\n"
        "Das Netzwerk verbindet Metallbauer aus Görlitz und Zgorzelec seit 2019.\n\n"
        "Anzeige\n\nKurzmeldung über eine Messe in Luzern.\nmehr...\n\nE-Mail senden\n",
        encoding="utf-8")
    doc = read_document(dump)
    assert doc.title == "Netzwerk Oberlausitz"
    assert "Görlitz und Zgorzelec" in doc.text
    for gone in ("Anzeige", "Luzern", "mehr...", "E-Mail senden", "Sie befinden sich hier"):
        assert gone not in doc.text


def test_markdown_front_matter_becomes_metadata(tmp_path: Path) -> None:
    md = tmp_path / "programm.md"
    md.write_text("---\ntitle: Programm X\nlanguage: de\ntype: programme\n"
                  "valid_until: 2026-06-30\n---\n# Überschrift\n\nDer **Text** mit "
                  "[Link](https://example.org).\n", encoding="utf-8")
    doc = read_document(md)
    assert doc.title == "Programm X"
    assert doc.metadata["type"] == "programme"
    assert doc.metadata["valid_until"] == "2026-06-30"
    assert "Der Text mit Link (https://example.org)." in doc.text


def test_malformed_front_matter_is_a_clear_error(tmp_path: Path) -> None:
    md = tmp_path / "kaputt.md"
    md.write_text("---\ntitle: [unclosed\n---\nText\n", encoding="utf-8")
    with pytest.raises(UnreadableDocument, match="kaputt.md: malformed YAML front matter"):
        read_document(md)


def test_pdf_made_here_is_read(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.set_title("Merkblatt Messeförderung")
    pdf.multi_cell(0, 8, "Merkblatt Messeförderung. Kleine Unternehmen aus Sachsen erhalten "
                         "einen Zuschuss für ihren ersten Stand auf einer Auslandsmesse.")
    target = tmp_path / "merkblatt.pdf"
    pdf.output(str(target))
    doc = read_document(target)
    assert doc.title == "Merkblatt Messeförderung"
    assert "Zuschuss" in doc.text and "Auslandsmesse" in doc.text


def test_docx_made_here_is_read_with_tables(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Leitfaden Lieferantensuche", level=1)
    document.add_paragraph("Wer einen Zulieferer in Tschechien sucht, beginnt bei der Kammer.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Kontakt"
    table.rows[0].cells[1].text = "+49 3591 380-2020"
    target = tmp_path / "leitfaden.docx"
    document.save(str(target))
    doc = read_document(target)
    assert doc.title == "Leitfaden Lieferantensuche"
    assert "Zulieferer in Tschechien" in doc.text
    assert "Kontakt | +49 3591 380-2020" in doc.text


@pytest.mark.parametrize(("name", "content"), [
    ("leer.txt", b"   \n\n"),
    ("kaputt.docx", b"PK\x03\x04 not really a zip"),
    ("bild.png", b"\x89PNG"),
])
def test_unreadable_files_raise_a_named_error(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnreadableDocument, match=name.replace(".", r"\.")):
        read_document(path)


def test_hidden_files_and_readmes_are_not_ingested(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.md").write_text("x")
    (tmp_path / "README.md").write_text("about this folder")
    (tmp_path / "a.md").write_text("a")
    (tmp_path / "b.json").write_text("{}")
    assert [p.name for p in iter_source_files([tmp_path])] == ["a.md"]


def test_sentences_survive_abbreviations_and_numbers() -> None:
    text = ("Das Budget beträgt 1.889.299,50 € bzw. rund 1,9 Mio. Euro. Die Laufzeit begann am "
            "1. Juli 2017. Partner ist z. B. die AHK Services s.r.o. in Prag.")
    assert split_sentences(text) == [
        "Das Budget beträgt 1.889.299,50 € bzw. rund 1,9 Mio. Euro.",
        "Die Laufzeit begann am 1. Juli 2017.",
        "Partner ist z. B. die AHK Services s.r.o. in Prag.",
    ]


def test_chunks_overlap_and_respect_the_size() -> None:
    sentences = [f"Satz Nummer {n} beschreibt eine Förderung für kleine Firmen." for n in
                 range(60)]
    chunks = chunk_text(" ".join(sentences), max_chars=400, overlap_chars=100)
    assert len(chunks) > 3
    assert all(len(c) <= 400 for c in chunks)
    # Overlap: the end of one chunk reappears at the start of the next.
    assert chunks[0].split(". ")[-1][:20] in chunks[1]


def test_a_label_keeps_its_value_in_a_text_dump(tmp_path: Path) -> None:
    # HTML-to-text dumps of key-value pages put "• Projektbudget:" and its value in blocks of
    # their own, and nested partner lists on lines too short to index: the value alone
    # ("ca. 358.000 €") no longer says it is the budget.
    dump = tmp_path / "projekt.txt"
    dump.write_text(
        "Projekt Neißebrücke\n\n  • Projektbudget:\n\nca. 412.000 € (davon 80% EFRE)\n\n"
        "Eckdaten\n\n  • Lead Partner: Stadt Görlitz\n  • Assoziierte Partner: \n"
        "    • IHK Dresden\n    • Gmina Zgorzelec\n  • Laufzeit: 2025 – 2027\n",
        encoding="utf-8")
    text = read_document(dump).text
    assert "- Projektbudget: ca. 412.000 € (davon 80% EFRE)" in text.splitlines()
    assert "- Assoziierte Partner: IHK Dresden; Gmina Zgorzelec" in text.splitlines()
    assert "- Laufzeit: 2025 – 2027" in text.splitlines()


def test_html_tables_become_rows_named_by_their_columns(tmp_path: Path) -> None:
    page = tmp_path / "programm.html"
    page.write_text(
        "<html><head><title>Börse</title></head><body><nav><a href='/'>Startseite</a></nav>"
        "<main><article><h1>Kooperationsbörse Pirna 2027</h1>"
        "<p>Die Kooperationsbörse Pirna 2027 bringt Zulieferer und Einkäufer aus Sachsen und "
        "Böhmen im Rathaus Pirna zusammen, mit vorab vereinbarten Gesprächen.</p>"
        "<table><tr><th>Uhrzeit</th><th>Programmpunkt</th></tr>"
        "<tr><td>09:00</td><td>Registrierung</td></tr>"
        "<tr><td>14:00</td><td>Werksführung</td></tr></table>"
        "<p>Ansprechpartner für die Kooperationsbörse Pirna 2027 ist Jan Novák.</p>"
        "</article></main><footer>Impressum</footer></body></html>", encoding="utf-8")
    text = read_document(page).text
    assert "Uhrzeit: 14:00; Programmpunkt: Werksführung." in text.splitlines()
    assert "|" not in text
    # Blocks stay apart, so chunks and sentences end where the page's paragraphs end.
    assert "\n\nAnsprechpartner für die Kooperationsbörse Pirna 2027 ist Jan Novák." in text
