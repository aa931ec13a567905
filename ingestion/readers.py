"""Readers: one file in, clean text plus title and metadata out.

Web pages arrive as HTML or as HTML-to-text dumps full of navigation and advertising remnants
("Anzeige", "mehr...", teaser blocks); `clean_text` removes those with a few explicit rules so
they never become chunks.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml


class UnreadableDocument(Exception):
    """The file cannot be turned into text; the message names the file and the reason.

    `reason` alone is kept too: reports that list failures next to their file (the CLI, the
    console) would otherwise name the file twice ("broken.pdf: broken.pdf: ...")."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path.name}: {reason}")
        self.path = path
        self.reason = reason


@dataclass
class SourceDocument:
    path: str
    text: str
    title: str
    metadata: dict = field(default_factory=dict)


# Lines that are only navigation, advertising or link remnants, in our four languages.
_NOISE_LINES = {
    "anzeige", "werbung", "advertisement", "reklama", "mehr...", "mehr …", "mehr", "mehr erfahren",
    "weiterlesen", "read more", "more...", "więcej", "więcej...", "czytaj więcej", "více",
    "více...", "číst dále", "e-mail senden", "social media", "das könnte sie auch interessieren",
    "quelle: pixabay", "links", "teilen", "drucken", "nach oben", "zurück", "cookie",
    "cookies akzeptieren", "share", "print", "back to top",
}
_TEASER_MARKERS = {"mehr...", "mehr …", "more...", "więcej...", "více...", "czytaj więcej",
                   "read more", "weiterlesen", "číst dále"}
_BREADCRUMB = re.compile(r"^(sie befinden sich hier|you are here|jesteś tutaj|nacházíte se)\s*:",
                         re.I)
_BULLET = re.compile(r"^[•·▪●◦‣∙*\-–]\s*")


def clean_text(text: str) -> str:
    """Drop navigation/ad remnants and teaser blocks; normalise whitespace and bullets."""
    text = text.replace("\u00a0", " ").replace("\r\n", "\n").replace("\r", "\n")
    paragraphs: list[list[str]] = [[]]
    for raw in text.split("\n"):
        line = " ".join(raw.split())
        if not line:
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        paragraphs[-1].append(line)
    # A teaser is a short block directly followed by a "mehr..." line: drop both.
    kept: list[list[str]] = []
    for para in paragraphs:
        if not para:
            continue
        if para[-1].lower() in _TEASER_MARKERS:
            continue
        kept.append(para)
    kept = [_join_labelled_items(para) for para in kept]
    out: list[str] = []
    for para in kept:
        lines: list[str] = []
        for line in para:
            low = line.lower().strip(" :")
            if low in _NOISE_LINES or _BREADCRUMB.match(line):
                continue
            if _BULLET.match(line):
                line = "- " + _BULLET.sub("", line)
                if line == "- ":
                    continue
            if lines and lines[-1] == line:  # repeated names in contact boxes
                continue
            lines.append(line)
        if lines and (not out or out[-1] != "\n".join(lines)):
            out.append("\n".join(lines))
    return "\n\n".join(_attach_labels(out)).strip()


# A key of a key-value layout ("• Projektbudget:", "Assoziierte Projektpartner:"): short, no
# sentence punctuation, ending in a colon.
_LABEL = re.compile(r"^(?:[•·▪●◦‣∙*\-–]\s*)?([^.!?:]{2,40}):$")


def _join_labelled_items(para: list[str]) -> list[str]:
    """A label line followed by bullet items that hold no label of their own becomes one line,
    "Assoziierte Projektpartner: IHK Dresden; IHK Chemnitz; ...": each item alone ("- IHK
    Chemnitz") is too short to be indexed as a sentence and does not say what it is."""
    joined: list[str] = []
    i = 0
    while i < len(para):
        line = para[i]
        label = _LABEL.match(line)
        items: list[str] = []
        j = i + 1
        while label and j < len(para) and _BULLET.match(para[j]) and ":" not in para[j]:
            items.append(_BULLET.sub("", para[j]).strip())
            j += 1
        if items:
            joined.append(f"{line} {'; '.join(items)}")
            i = j
        else:
            joined.append(line)
            i += 1
    return joined


def _attach_labels(paragraphs: list[str]) -> list[str]:
    """A paragraph that is only a label ("- Projektbudget:") is joined to the paragraph after
    it: text dumps of key-value pages put the value in a block of its own, where "ca. 358.000 €
    (davon 85% EFRE-Förderung)" no longer says that it is the budget."""
    out: list[str] = []
    pending = ""
    for para in paragraphs:
        if "\n" not in para and _LABEL.match(para):
            pending = f"{pending} {para}".strip() if pending else para
            continue
        out.append(f"{pending} {para}" if pending else para)
        pending = ""
    if pending:
        out.append(pending)
    return out


def _cut_related(text: str) -> str:
    marker = re.search(r"^(das könnte sie auch interessieren|related articles|"
                       r"zobacz także|mohlo by vás zajímat)\s*$", text, re.I | re.M)
    return text[: marker.start()] if marker else text


def _decode(data: bytes, path: Path) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _pretty_stem(path: Path) -> str:
    return re.sub(r"[_\-]+", " ", path.stem).strip().capitalize() or path.name


_MD_LINK = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")


def _strip_markdown(body: str) -> str:
    lines = []
    for line in body.splitlines():
        line = re.sub(r"^#{1,6}\s*", "", line)
        line = _MD_LINK.sub(r"\1 (\2)", line)
        line = re.sub(r"(\*\*|__|`)", "", line)
        line = re.sub(r"(?<!\w)[*_](?=\S)(.+?)(?<=\S)[*_](?!\w)", r"\1", line)
        line = re.sub(r"^\s*[*+]\s+", "- ", line)
        lines.append(line.rstrip())
    return "\n".join(lines)


def _read_markdown(path: Path) -> SourceDocument:
    raw = _decode(path.read_bytes(), path)
    meta: dict = {}
    body = raw
    if raw.startswith("---"):
        parts = re.split(r"^---\s*$", raw, maxsplit=2, flags=re.M)
        if len(parts) == 3:
            try:
                loaded = yaml.safe_load(parts[1]) or {}
            except yaml.YAMLError as exc:
                raise UnreadableDocument(
                    path, f"malformed YAML front matter ({exc})") from exc
            if not isinstance(loaded, dict):
                raise UnreadableDocument(path, "front matter is not a mapping")
            meta = {str(k): (v.isoformat() if isinstance(v, dt.date) else v)
                    for k, v in loaded.items() if v is not None}
            body = parts[2]
    heading = re.search(r"^#\s+(.+)$", body, re.M)
    title = str(meta.get("title") or (heading.group(1).strip() if heading else _pretty_stem(path)))
    meta["format"] = "md"
    return SourceDocument(str(path), _strip_markdown(body).strip(), title, meta)


class _FallbackHTML(HTMLParser):
    _SKIP = {"script", "style", "nav", "header", "footer", "aside", "noscript", "form"}
    _BLOCK = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "br", "section",
              "article"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list) -> None:  # type: ignore[override]
        if tag in self._SKIP:
            self.skip += 1
        if tag == "title":
            self._in_title = True
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self.skip:
            self.skip -= 1
        if tag == "title":
            self._in_title = False
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self.skip:
            self.parts.append(data)


def _cell_text(element: Any) -> str:
    return " ".join(" ".join(element.itertext()).split())


def _table_lines(table: Any) -> list[str]:
    """One line per row, each cell named by its column heading ("Uhrzeit: 09:30; Programmpunkt:
    Begrüßung ..."): a row quoted alone still says what its numbers are, which a bare
    "| 09:30 | Begrüßung |" does not."""
    rows = [[_cell_text(c) for c in row.iter("cell")] for row in table.iter("row")]
    rows = [r for r in rows if any(r)]
    if not rows:
        return []
    first = table.find("row")
    has_head = first is not None and any(c.get("role") == "head" for c in first.iter("cell"))
    if not has_head:
        return [" | ".join(c for c in r if c) for r in rows]
    head, body = rows[0], rows[1:]
    lines = []
    for row in body:
        pairs = [f"{h}: {c}" if h else c for h, c in zip(head, row, strict=False) if c]
        lines.append("; ".join(pairs) + ".")
    return lines


def _list_items(list_element: Any) -> list[str]:
    """Top-level items; a nested list joins its parent item ("Partner: A; B; C"), so the
    label and its values stay one sentence."""
    items = []
    for item in list_element.findall("item"):
        own = " ".join((item.text or "").split())
        nested = [n for sub in item.findall("list") for n in _list_items(sub)]
        for child in item:
            if child.tag != "list":
                own = f"{own} {_cell_text(child)} {' '.join((child.tail or '').split())}".strip()
        items.append(f"{own} {'; '.join(nested)}".strip() if nested else own)
    return items


def _render_trafilatura_xml(xml: str) -> str:
    """Paragraphs, headings, list items and table rows of trafilatura's XML as text blocks with
    blank lines between them, so chunks and sentences end where the page's blocks end (its
    plain-text output runs paragraphs together and keeps Markdown table rules as lines)."""
    from xml.etree import ElementTree

    root = ElementTree.fromstring(xml)
    main = root.find("main")
    blocks: list[str] = []

    def walk(element: Any) -> None:
        for child in element:
            if child.tag == "table":
                blocks.append("\n".join(_table_lines(child)))
            elif child.tag == "list":
                blocks.append("\n".join(f"- {i}" for i in _list_items(child) if i))
            elif child.tag in ("p", "head", "quote", "code"):
                blocks.append(_cell_text(child))
            else:
                walk(child)

    walk(main if main is not None else root)
    return "\n\n".join(b for b in blocks if b.strip())


def _read_html(path: Path) -> SourceDocument:
    import trafilatura

    html = _decode(path.read_bytes(), path)
    # trafilatura finds the main content (navigation, cookie banners, teaser boxes and footers
    # left out); its XML keeps the blocks apart. Default precision: favor_precision also drops
    # short blocks such as the contact box under an article.
    xml = trafilatura.extract(html, output_format="xml", include_tables=True,
                              include_comments=False)
    text = _render_trafilatura_xml(xml) if xml else ""
    meta_obj = trafilatura.extract_metadata(html)
    title = (meta_obj.title if meta_obj and meta_obj.title else "") or ""
    if not text.strip():
        parser = _FallbackHTML()
        parser.feed(html)
        text = "".join(parser.parts)
        title = title or parser.title.strip()
    return SourceDocument(str(path), clean_text(_cut_related(text)),
                          title or _pretty_stem(path), {"format": "html"})


def _read_pdf(path: Path) -> SourceDocument:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise UnreadableDocument(path, "the PDF is encrypted")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
        title = str(info.title) if info and info.title else ""
    except UnreadableDocument:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise UnreadableDocument(path, f"not a readable PDF ({exc})") from exc
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    return SourceDocument(str(path), clean_text(text), title or _pretty_stem(path),
                          {"format": "pdf"})


def _read_docx(path: Path) -> SourceDocument:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UnreadableDocument(path, f"not a readable DOCX file ({exc})") from exc
    blocks: list[str] = []
    first_heading = ""
    for para in document.paragraphs:
        text = para.text.strip()
        if not text:
            continue
        if not first_heading and para.style is not None and \
                para.style.name.lower().startswith(("heading", "title")):
            first_heading = text
        blocks.append(text)
    for table in document.tables:
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells if c.text.strip()]
            if cells:
                blocks.append(" | ".join(dict.fromkeys(cells)))
    title = document.core_properties.title or first_heading or _pretty_stem(path)
    return SourceDocument(str(path), clean_text("\n\n".join(blocks)), title, {"format": "docx"})


def _read_txt(path: Path) -> SourceDocument:
    text = clean_text(_cut_related(_decode(path.read_bytes(), path)))
    first = next((line for line in text.splitlines() if line.strip()), "")
    title = first if 0 < len(first) <= 120 else _pretty_stem(path)
    return SourceDocument(str(path), text, title, {"format": "txt"})


_READERS = {
    ".md": _read_markdown, ".markdown": _read_markdown, ".txt": _read_txt,
    ".html": _read_html, ".htm": _read_html, ".pdf": _read_pdf, ".docx": _read_docx,
}
# What ingestion can read, lower case: the one list (the folder walk below, and the
# console's upload check).
SUPPORTED_SUFFIXES = tuple(_READERS)


def read_document(path: Path) -> SourceDocument:
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise UnreadableDocument(path, f"unsupported file type '{path.suffix}'")
    doc = reader(path)
    if not doc.text.strip():
        raise UnreadableDocument(path, "contains no text")
    return doc


def iter_source_files(paths: Iterable[Path]) -> list[Path]:
    """Supported files under the given files and folders, sorted; hidden entries skipped."""
    found: list[Path] = []
    for root in paths:
        root = Path(root)
        if root.is_file():
            found.append(root)
            continue
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(root)
            if any(part.startswith(".") for part in rel.parts):
                continue
            if path.is_file() and path.suffix.lower() in SUPPORTED_SUFFIXES \
                    and path.name.lower() != "readme.md":
                found.append(path)
    return found
