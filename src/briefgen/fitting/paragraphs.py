"""The height of WordprocessingML a template rendered: every paragraph measured as it is styled.

Each paragraph's style is resolved from the template's measures (`measures.py`) with what the
paragraph and its runs set themselves (size, bold, font, indent, spacing, list numbering), then
laid out the way LibreOffice lays out a Word file: greedy line breaking with the fonts' real
widths, lines as tall as their tallest run (or a picture), the larger of one paragraph's space
after and the next one's space before, and none between list items of one style that ask for
contextual spacing. What the model cannot follow (a table, a floating picture, a style or font
it cannot resolve) is recorded as a doubt: the caller then has LibreOffice confirm the page.
"""
from __future__ import annotations

import re
from typing import Any, NamedTuple

from lxml import etree

from briefgen.fitting.measures import METRIC_TWINS, WORD_DEFAULT_FONT, Measures, paragraph_props, run_props, w
from briefgen.fitting.metrics import Face, count_lines, known_fonts, single_line

W_P, W_R, W_T, W_TBL, W_SDT = w("p"), w("r"), w("t"), w("tbl"), w("sdt")
EMU_PER_PT = 12700
TAB_TEXT = " \u2003\u2003 "  # a tab counted as two em spaces (tab stops are not modelled)
# Private-use characters are never a pack's text (the schema refuses them): briefgen's own marks,
# not drawn, kept apart in Block.text so a caller can tell whose paragraph it is.
PRIVATE = re.compile("[\ue000-\uf8ff]+")
ENTRY_MARKS = re.compile("[\ue003-\ue005]+")  # what `estimate.entry_heights` puts on each entry's lead
_OPENING = re.compile("<w:p[ >]")
_SECTPR, _RPR, _TAB, _SYM = w("sectPr"), w("rPr"), w("tab"), w("sym")
_BREAKS = (w("br"), w("cr"))
_DRAWING = w("drawing")
DRAWING = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


class Block(NamedTuple):
    """One laid-out paragraph: what the vertical spacing rules need."""

    style: str
    height: float  # its lines (and pictures)
    before: float
    after: float
    contextual: bool
    text: str  # for messages and for attributing paragraphs to entries


class Part(NamedTuple):
    blocks: tuple[Block, ...]
    doubts: frozenset[str]


def stack(blocks: tuple[Block, ...] | list[Block]) -> float:
    """Points of height a run of paragraphs takes, spacing included."""
    total = 0.0
    prev: str | None = None
    prev_after = 0.0
    for block in blocks:
        before = block.before
        if prev == block.style and block.contextual:
            before, prev_after = 0.0, 0.0
        # LibreOffice, like Word, puts the larger of the previous 'after' and this 'before'
        # between two paragraphs. The first paragraph's 'before' is counted too, which can
        # only err on the tall side.
        total += max(before, prev_after) + block.height
        prev, prev_after = block.style, block.after
    return total + prev_after


class Measurer:
    """Lays out parts of one template; resolved styles and faces are kept between calls."""

    def __init__(self, measures: Measures) -> None:
        self.m = measures
        self._styles: dict[tuple[str, tuple[tuple[str, Any], ...]], dict[str, Any]] = {}
        self._doubts: set[str] = set()
        self._known = set(known_fonts())
        self._lines: dict[str, tuple[tuple[Block, ...], frozenset[str]]] = {}  # a line of XML -> its blocks
        self._faces: dict[object, tuple[Face, bool, bool]] = {}

    def part(self, xml: str, width: float) -> Part:
        """Every paragraph of a rendered part (w:document, w:hdr or w:ftr), laid out.

        Fitting measures the same paragraphs in one estimate after another. A prepared template
        puts each paragraph on a line of its own (`render/docxtags.py`), so each line that holds
        whole paragraphs is laid out once and remembered by its text; only a part with a line
        not seen before is parsed.
        """
        lines = xml.split("\n")
        blocks: list[Block] = []
        doubts: set[str] = set()
        for line in lines:
            found = self._seen(line)
            if found is None:
                return self._parse(xml, lines, width)
            blocks += found[0]
            doubts |= found[1]
        return Part(tuple(blocks), frozenset(doubts))

    def _seen(self, line: str) -> tuple[tuple[Block, ...], frozenset[str]] | None:
        """A line's blocks if it was laid out before, or the same line without briefgen's marks was.

        Marks are not drawn, so a marked paragraph is as tall as the plain one: fitting's marked
        render (`estimate.entry_heights`) then lays out nothing the plain render did not.
        """
        found = self._lines.get(line)
        if found is None and "\ue003" in line:
            plain = self._lines.get(ENTRY_MARKS.sub("", line))
            if plain is not None and len(plain[0]) == 1:
                marks = "".join(ENTRY_MARKS.findall(line))
                found = (plain[0][0]._replace(text=marks + plain[0][0].text),), plain[1]
        return found

    def _parse(self, xml: str, lines: list[str], width: float) -> Part:
        root = etree.fromstring(xml.encode("utf-8"))
        body = root.find(w("body"))
        container = body if body is not None else root
        # The section properties (w:sectPr) are page setup, read from the template's measures.
        children = [c for c in container if isinstance(c.tag, str) and c.tag != _SECTPR]
        starts = [int(c.sourceline or 1) - 1 for c in children]  # type: ignore[call-overload]
        blocks: list[Block] = []
        doubts: set[str] = set()
        n = 0
        while n < len(children):
            line = starts[n]
            group = [n]
            while n + len(group) < len(children) and starts[n + len(group)] == line:
                group.append(n + len(group))
            n += len(group)
            text = lines[line] if line < len(lines) else ""
            # A line that holds whole paragraphs only (each one it opens, it closes).
            whole = all(children[i].tag == W_P for i in group) and \
                text.count("</w:p>") == len(_OPENING.findall(text)) == len(group)
            known = self._seen(text) if whole else None
            if known is not None:
                found, found_doubts = known
            else:
                self._doubts = set()
                found = tuple(b for i in group for b in self._blocks_of(children[i], width))
                found_doubts = frozenset(self._doubts)
                if whole:
                    self._remember(text, found, found_doubts)
            blocks += found
            doubts |= found_doubts
        started = set(starts)
        for n, text in enumerate(lines):  # lines with no element of their own: blank lines between tags
            if n not in started and not _OPENING.search(text) and "<w:tbl" not in text:
                self._remember(text, (), frozenset())
        return Part(tuple(blocks), frozenset(doubts))

    def _remember(self, line: str, blocks: tuple[Block, ...], doubts: frozenset[str]) -> None:
        if len(self._lines) > 20000:
            self._lines.clear()
        self._lines[line] = (blocks, doubts)

    def _blocks_of(self, child: etree._Element, width: float) -> list[Block]:
        if child.tag == W_P:
            return [self.paragraph(child, width)]
        if child.tag == W_TBL:
            return [self._table(child, width)]
        if child.tag == W_SDT:
            content = child.find(w("sdtContent"))
            if content is not None:
                return self._blocks(content, width)
        return []

    def _blocks(self, parent: etree._Element, width: float) -> list[Block]:
        out: list[Block] = []
        for child in parent:
            out += self._blocks_of(child, width)
        return out

    def _table(self, table: etree._Element, width: float) -> Block:
        """A table as the sum of its rows, each as tall as its tallest cell: a rough model."""
        self._doubts.add("the template has a table, whose layout the estimate only approximates")
        grid = [int(str(c.get(w("w"), "0"))) / 20.0 for c in table.iter(w("gridCol"))]
        total = 0.0
        for row in table.findall(w("tr")):
            tallest, column = 0.0, 0
            for cell in row.findall(w("tc")):
                span_el = cell.find(f"{w('tcPr')}/{w('gridSpan')}")
                span = int(str(span_el.get(w("val"), "1"))) if span_el is not None else 1
                cell_width = sum(grid[column:column + span]) or width / max(1, len(row))
                column += span
                tallest = max(tallest, stack(self._blocks(cell, max(cell_width - 10.8, 20.0))))
            total += tallest
        return Block("\0table", total, 0.0, 0.0, False, "")

    def _style(self, style_id: str, direct: dict[str, Any]) -> dict[str, Any]:
        key = (style_id, tuple(sorted(direct.items())))
        found = self._styles.get(key)
        if found is None:
            base = self.m.paragraph_styles.get(style_id)
            if base is None:
                base = self.m.paragraph_styles.get(self.m.default_style, {})
            found = {**base, **direct}
            num = found.get("num_id")
            if num and num != "0":
                level = self.m.numbering.get(num, {}).get(str(found.get("num_level", "0")), {})
                for k in ("left", "hanging", "first_line"):
                    if k in level and k not in direct:
                        found[k] = level[k]
            self._styles[key] = found
        return found

    def _font(self, props: dict[str, Any]) -> str:
        font = props.get("font")
        if font is None and props.get("font_theme"):
            font = self.m.theme_fonts.get(str(props["font_theme"]))
        font = str(font or WORD_DEFAULT_FONT)
        font = METRIC_TWINS.get(font.lower(), font)
        if font not in self._known:
            self._doubts.add(f"font '{font}' has no metrics in briefgen, so its widths are guessed")
        return font

    def paragraph(self, p: etree._Element, width: float) -> Block:
        ppr = p.find(w("pPr"))
        direct = paragraph_props(ppr)
        style_el = ppr.find(w("pStyle")) if ppr is not None else None
        style_id = str(style_el.get(w("val"))) if style_el is not None else self.m.default_style
        if style_id not in self.m.paragraph_styles:
            self._doubts.add(f"style id '{style_id}' is not defined in the template")
        props = self._style(style_id, direct)
        style_key = (style_id, tuple(sorted(direct.items())))
        runs: list[tuple[str, Face]] = []
        faces: list[Face] = []
        pictures: list[float] = []
        marks = ""
        for r in p.iter(W_R):
            face, hidden, caps = self._run_face(style_key, props, r.find(_RPR))
            if hidden:
                continue
            for child in r:
                tag = child.tag
                if tag == W_T:
                    text = child.text or ""
                    if text and max(text) >= "\ue000":
                        marks += "".join(PRIVATE.findall(text))
                        text = PRIVATE.sub("", text)
                    runs.append((text.upper() if caps else text, face))
                    faces.append(face)
                elif tag == _TAB:
                    runs.append((TAB_TEXT, face))
                elif tag in _BREAKS:
                    if child.get(w("type")) == "page":
                        self._doubts.add("the template has a page break")
                    runs.append(("\n", face))
                elif tag == _SYM:
                    runs.append(("\u25cf", face))
                    faces.append(face)
                elif tag == _DRAWING:
                    pictures += self._pictures(child)
        if not faces:  # an empty paragraph is as tall as its paragraph mark's font
            faces.append(self._run_face(style_key, props, ppr.find(_RPR) if ppr is not None else None)[0])
        room = width - float(props.get("left", 0.0)) - float(props.get("right", 0.0))
        first = room - float(props.get("first_line", 0.0))
        if props.get("hanging") and props.get("num_id") in (None, "0"):  # a list's text starts at the indent
            first = room + float(props["hanging"])
        text_runs = tuple(runs)
        lines = count_lines(text_runs, max(room, 20.0), None if first == room else max(first, 20.0))
        height = lines * self._line_height(props, faces)
        for picture in pictures:
            height += max(0.0, picture - self._line_height(props, faces))
        text = marks + "".join(t for t, _ in runs).strip()
        return Block(style_id, height, float(props.get("before", 0.0)), float(props.get("after", 0.0)),
                     bool(props.get("contextual")), text)

    def _run_face(self, style_key: object, props: dict[str, Any], rpr: etree._Element | None
                  ) -> tuple[Face, bool, bool]:
        """(face, hidden, all caps) of a run: its own properties over its character style's over
        its paragraph style's."""
        rp = run_props(rpr)
        key = (style_key, tuple(sorted(rp.items())))
        found = self._faces.get(key)
        if found is None:
            base = {k[4:]: v for k, v in props.items() if k.startswith("run_")}
            char = self.m.character_styles.get(str(rp.get("style")), {}) if "style" in rp else {}
            merged = {**base, **char, **rp}
            face = Face(self._font(merged), float(merged.get("size", 10.0)), bool(merged.get("bold")),
                        bool(merged.get("italic")), float(merged.get("tracking", 0.0)))
            found = self._faces[key] = (face, bool(merged.get("hidden")), bool(merged.get("caps")))
        else:
            self._font({"font": found[0].font})  # its doubt, if any, belongs to this part too
        return found

    def _line_height(self, props: dict[str, Any], faces: list[Face]) -> float:
        single = max(single_line(f) for f in faces)
        line, rule = props.get("line"), props.get("line_rule", "auto")
        if line is None:
            return single
        if rule == "exact":
            return float(line) / 20.0
        if rule == "atLeast":
            return max(single, float(line) / 20.0)
        return single * float(line) / 240.0

    def _pictures(self, drawing: etree._Element) -> list[float]:
        out = []
        for child in drawing:
            if child.tag == f"{DRAWING}anchor":
                self._doubts.add("the template has a floating picture, which the estimate does not place")
                continue
            extent = child.find(f"{DRAWING}extent")
            if extent is not None:
                out.append(int(str(extent.get("cy", "0"))) / EMU_PER_PT)
        return out
