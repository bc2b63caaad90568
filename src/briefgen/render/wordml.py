"""A Word template filled straight in its WordprocessingML: docxtpl's tag syntax, no object model.

Why not docxtpl at render time: it loads and re-serializes every part of the package through
python-docx, while a briefing only changes document.xml (and headers/footers), adds
comments.xml and rewrites core.xml. Here the template is read once per process, its tags are
prepared (`docxtags.py`) and compiled once, and each briefing is a Jinja render plus one lxml
pass; the package around it (relationships, content types, comments, core properties, the zip)
is `package.py`. python-docx reads the template for its measures and checks
(`fitting/measures.py`, `template_check.py`); templates stay interchangeable with docxtpl
(tests/test_docxtpl_equivalence.py).
"""
from __future__ import annotations

import hashlib
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from jinja2 import TemplateSyntaxError
from lxml import etree

from briefgen._speed.cache import cache_key, cached
from briefgen.errors import TemplatePartError
from briefgen.render.docxtags import prepare_xml
from briefgen.render.package import (
    LANG_PLACEHOLDER,
    R_NS,
    comment_ranges_added,
    comments_part,
    core_properties_part,
    default_language_set,
    override_added,
    package_bytes,
    package_target,
    relationship_added,
    run_languages_marked,
    serialized,
)
from briefgen.render.templates import compile_template, error_line, render_bounded
from briefgen.render.untrusted_docx import strip_external

REL_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
REL_COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
REL_HEADER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
REL_FOOTER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
REL_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
REL_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
CT_COMMENTS = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
CT_CORE = "application/vnd.openxmlformats-package.core-properties+xml"


@dataclass
class CompiledPart:
    name: str
    template: object  # jinja2.Template
    offset: int  # Jinja line of the part's first paragraph, minus one


def _prepared_source(name: str, part: bytes) -> str:
    """A template part as Jinja source (languages set, tags joined), kept in the user's cache
    by the part's bytes; a part with a broken tag raises and is never stored."""
    def prepare() -> str:
        try:
            return prepare_xml(run_languages_marked(part))
        except TemplateSyntaxError as exc:
            raise TemplatePartError(exc, name, exc.lineno) from exc

    return cached("wordxml", cache_key("wordxml", part), prepare, str.encode, bytes.decode)


def _paragraph(exc: BaseException, offset: int) -> int | None:
    line = getattr(exc, "lineno", None)
    if line is None:
        line = error_line(exc, "<template>")
    return None if line is None else max(1, line - offset)


class WordTemplate:
    """A .docx template read and prepared once; `render` makes one briefing from it."""

    def __init__(self, path: Path, make_environment: object) -> None:
        self.path = path
        package = path.read_bytes()
        self.digest = hashlib.sha256(package).digest()
        with zipfile.ZipFile(io.BytesIO(package)) as z:
            self.order = [i.filename for i in z.infolist() if not i.is_dir()]
            self.parts = {name: z.read(name) for name in self.order}
        # Linked pictures, fetching fields: removed before anything (LibreOffice above all) sees them.
        self.removed = strip_external(self.parts)
        main = package_target(self.parts["_rels/.rels"], REL_DOC)
        if main is None:
            raise ValueError("no main document part")
        self.main = main
        folder, base = posixpath.split(self.main)
        self.rels_name = posixpath.join(folder, "_rels", base + ".rels")
        self.rels = etree.fromstring(self.parts[self.rels_name]) if self.rels_name in self.parts else \
            etree.Element(f"{{{R_NS}}}Relationships", nsmap={None: R_NS})  # type: ignore[dict-item]
        env = make_environment()  # type: ignore[operator]
        self.compiled: list[CompiledPart] = []
        self.sources: dict[str, str] = {}  # each part's Jinja source (for template checks)
        for name in [self.main] + self._related(REL_HEADER) + self._related(REL_FOOTER):
            source = _prepared_source(name, self.parts[name])
            self.sources[name] = source
            first = source.find("\n<w:p")
            offset = source.count("\n", 0, first) + 1 if first >= 0 else 0
            try:
                self.compiled.append(CompiledPart(name, compile_template(env, source, None, None), offset))
            except Exception as exc:
                raise TemplatePartError(exc, name, _paragraph(exc, offset)) from exc
        self._styles_by_lang: dict[str, bytes] = {}
        # What every briefing of this template shares, worked out once.
        styles = self._related(REL_STYLES)
        self.styles_name = styles[0] if styles else None
        self.core_name = package_target(self.parts["_rels/.rels"], REL_CORE) or "docProps/core.xml"
        self.rels_with_comments = self.parts.get(self.rels_name, etree.tostring(self.rels))
        if not any(r.get("Type") == REL_COMMENTS for r in self.rels):
            self.rels_with_comments = relationship_added(self.rels_with_comments, REL_COMMENTS,
                                                         "comments.xml")

    def _related(self, rel_type: str) -> list[str]:
        base = posixpath.dirname(self.main)
        return sorted(posixpath.normpath(posixpath.join(base, str(r.get("Target"))))
                      for r in self.rels if r.get("Type") == rel_type and r.get("TargetMode") != "External")

    def render_xml(self, context: dict[str, object]) -> dict[str, str]:
        """Each filled part (body, headers, footers) as XML text, nothing added."""
        out = {}
        for part in self.compiled:
            try:
                out[part.name] = render_bounded(part.template, context)  # type: ignore[arg-type]
            except Exception as exc:
                raise TemplatePartError(exc, part.name, _paragraph(exc, part.offset)) from exc
        return out

    def render(self, context: dict[str, object], lang_tag: str, comments: list[str] | None, stamp: date,
               core: dict[str, str]) -> bytes:
        """The filled package as .docx bytes, identical for identical input."""
        parts = dict(self.parts)
        comment_texts: list[str] = []
        for name, xml in self.render_xml(context).items():
            xml = re.sub(r"\n(<w:p[ >]|{[%{])", r"\1", xml).replace(LANG_PLACEHOLDER, lang_tag)
            root = etree.fromstring(xml.encode("utf-8"))
            comment_ranges_added(root, comments, comment_texts)
            parts[name] = serialized(root)
        if self.styles_name:
            parts[self.styles_name] = self._styles(self.styles_name, lang_tag)
        order = list(self.order)
        if comment_texts:
            name = posixpath.join(posixpath.dirname(self.main), "comments.xml")
            parts[name] = comments_part(comment_texts, stamp)
            if name not in order:
                order.append(name)
            parts[self.rels_name] = self.rels_with_comments
            types = parts["[Content_Types].xml"]
            parts["[Content_Types].xml"] = override_added(types, "/" + name, CT_COMMENTS)
        core_name = self.core_name
        parts[core_name] = core_properties_part(core, stamp)
        if core_name not in order:
            order.append(core_name)
            parts["_rels/.rels"] = relationship_added(parts["_rels/.rels"], REL_CORE, core_name)
            types = parts["[Content_Types].xml"]
            parts["[Content_Types].xml"] = override_added(types, "/" + core_name, CT_CORE)
        if self.rels_name not in order:
            order.append(self.rels_name)
        return package_bytes(order, parts)

    def _styles(self, name: str, lang_tag: str) -> bytes:
        """styles.xml in this language, worked out once per template and language."""
        if lang_tag not in self._styles_by_lang:
            self._styles_by_lang[lang_tag] = cached(
                "styles", cache_key("styles", self.digest, name, lang_tag),
                lambda: default_language_set(self.parts[name], lang_tag), bytes, bytes)
        return self._styles_by_lang[lang_tag]


def load_template(path: Path, make_environment: object) -> WordTemplate:
    """One prepared template per file and version, for every briefing of a process."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    return cached("word-template", key, lambda: WordTemplate(path, make_environment))
