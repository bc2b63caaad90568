"""Statement candidates: direct quotes, paraphrases and pull-quote blocks, each with its speaker.

`kind: direct` only for words the article puts in quotation marks (“ ”, " ", or a mixed pair,
also across paragraphs). A paraphrase is a clause after a verb of saying ("cho biết", "nhấn
mạnh", "said"), or "Theo <speaker>, ..." / "according to". A pull-quote block is a line holding
only a name and title, followed by what that person said. A country's representative speaking
makes a position candidate (`country` set), not a quote.
"""
from __future__ import annotations

import re

from briefgen.extract.article import Article, Span
from briefgen.extract.candidates import Found, PersonCandidate, StatementCandidate
from briefgen.extract.people import Speakers, Who, country_names, find_name
from briefgen.extract.text import excerpt, sentences

VERBS = {
    "vi": ("cho biết", "cho hay", "nhấn mạnh", "khẳng định", "cho rằng", "nêu rõ", "chia sẻ", "phát biểu",
           "nói", "bày tỏ", "đánh giá cao", "đánh giá", "tin tưởng rằng", "tin tưởng", "thông tin", "lưu ý",
           "kêu gọi", "đề nghị", "đề xuất", "cam kết", "xác định", "nêu", "coi", "thông báo", "tuyên bố",
           "nhận định", "khuyến nghị", "giải thích", "mong muốn", "hoan nghênh", "ghi nhận", "nhận xét",
           "chỉ rõ", "nhắc lại"),
    "en": ("said", "says", "told reporters", "told", "added", "noted", "stressed", "warned", "argued",
           "explained", "announced", "insisted", "urged", "pledged", "declared", "emphasised", "emphasized",
           "emphasizes", "emphasises", "stated", "affirmed", "highlighted", "considered", "acknowledged",
           "confirmed", "suggested", "underlined", "underscored", "reiterated", "maintained", "claimed",
           "believes", "called for", "called"),
}
_VERB_RE = {lang: re.compile(r"(?<![\w])(?:" + "|".join(re.escape(v) for v in sorted(vs, key=len,
                                                                                     reverse=True))
                             + r")(?![\w])") for lang, vs in VERBS.items()}
# "phát biểu tại", "said in a statement on": the verb says where someone spoke, not what.
_NOT_CONTENT = re.compile(r"(?i)^(?:tại|khai mạc|bế mạc|chỉ đạo|chào mừng|ở|trong|at|in a|on|during)\b")
_OPENING = "“\"«"
_CLOSING = "”\"»"
_MIN_QUOTE_WORDS = 6


def statement_candidates(article: Article) -> list[StatementCandidate]:
    """Every attributed statement of the article's body, in reading order."""
    lang = article.lang if article.lang in VERBS else "en"
    speakers = Speakers(lang, country_names(lang))
    text = article.text
    quotes = Quotations(_quote_spans(text, article.body))
    out: list[StatementCandidate] = []
    line_speaker: Who | None = None
    for index, paragraph in enumerate(article.body):
        words = text[paragraph.start:paragraph.end].strip()
        speaker_line = _speaker_line(words, speakers, index, article)
        if speaker_line is not None:
            line_speaker = speaker_line
            continue
        found_here: list[StatementCandidate] = []
        going_on: StatementCandidate | None = None  # a paraphrase the next sentences may go on with
        for sentence in sentences(text, paragraph):
            s = text[sentence.start:sentence.end]
            speakers.mention(s)
            before = len(found_here)
            found_here += _paraphrases(article, sentence, s, speakers, quotes)
            for q in quotes.starting_in(sentence.start, sentence.end):
                c = _direct(article, sentence, q, speakers, found_here, line_speaker)
                if c is not None:
                    found_here.append(c)
            if len(found_here) > before:
                last = found_here[-1]
                going_on = last if last.kind == "paraphrase" else None
            elif going_on is not None and not quotes.starting_in(sentence.start, sentence.end):
                # A sentence of its own that names no speaker goes on with the paraphrase before it:
                # its words belong in that statement's evidence.
                first = going_on.evidence[0]
                span = Span(first.span.start, sentence.end)
                going_on.evidence[0] = Found(article, span, excerpt(text, span))
        if line_speaker is not None and not found_here:
            found_here.append(_pulled(article, paragraph, line_speaker))
        line_speaker = None
        out += found_here
    return out


class Quotations:
    """The article's quotations in text order, found by position in logarithmic time."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self.starts = [s for s, _ in spans]

    def starting_in(self, start: int, end: int) -> list[tuple[int, int]]:
        import bisect

        return self.spans[bisect.bisect_left(self.starts, start):bisect.bisect_left(self.starts, end)]

    def inside(self, pos: int) -> bool:
        import bisect

        i = bisect.bisect_right(self.starts, pos - 1) - 1
        return i >= 0 and self.spans[i][0] < pos < self.spans[i][1]


def _speaker_line(words: str, speakers: Speakers, index: int, article: Article) -> Who | None:
    """A line holding only a name and title (a pull-quote box, a soundbite label): its speaker."""
    if len(words.split()) > 30 or re.search(r"[.!?”\"]$", words) or index + 1 >= len(article.body):
        return None
    label = re.sub(r"^\d+\.\s*(?:SOUNDBITE\s*(?:\([^)]*\))?\s*)?", "", words).rstrip(" :")
    if find_name(label, speakers.lang, speakers.countries) is None or _VERB_RE[speakers.lang].search(label):
        return None  # no name, or a sentence (it has a verb of saying), not a name line
    got = speakers.resolve(label)
    return got if got is not None and got[0] == "person" else None


def _pulled(article: Article, paragraph: Span, speaker: Who) -> StatementCandidate:
    words = excerpt(article.text, paragraph)
    return _said_by(StatementCandidate("paraphrase", words, [Found(article, paragraph, words)],
                                       "the paragraph below a line naming the speaker (a pull-quote box): "
                                       "check that these are the speaker's words"), speaker)


def _quote_spans(text: str, body: tuple[Span, ...]) -> list[tuple[int, int]]:
    """Top-level quotations (start of the opening mark, end after the closing one), also across paragraphs."""
    out: list[tuple[int, int]] = []
    depth, opened = 0, -1
    for n, para in enumerate(body):
        reopened = False
        for i in range(para.start, para.end):
            ch = text[i]
            if ch not in _OPENING and ch not in _CLOSING:
                continue
            prev = text[i - 1] if i > para.start else " "
            nxt = text[i + 1] if i + 1 < para.end else " "
            if ch == '"':
                is_open = (prev.isspace() or prev in "([:—–-“") and not nxt.isspace()
            else:
                is_open = ch in _OPENING
            if is_open:
                if depth > 0 and i == para.start and not reopened:
                    reopened = True  # a quotation going on in a new paragraph opens again
                    continue
                if depth == 0:
                    opened = i
                depth += 1
            elif depth > 0:
                depth -= 1
                if depth == 0:
                    out.append((opened, i + 1))
        if depth > 0 and (n + 1 >= len(body) or body[n + 1].start - opened > 3000):
            depth = 0  # never closed: not a quotation briefgen can vouch for
    return out


def _direct(article: Article, sentence: Span, quote: tuple[int, int], speakers: Speakers,
            found_here: list[StatementCandidate], line_speaker: Who | None) -> StatementCandidate | None:
    text = article.text
    inner = text[quote[0] + 1:quote[1] - 1].strip().rstrip(",")
    if len(inner.split()) < _MIN_QUOTE_WORDS:
        return None
    end_sentence = _sentence_end(text, article.body, quote[1])
    after = text[quote[1]:end_sentence]
    before = text[sentence.start:quote[0]]
    how = "words in quotation marks"
    who = _speaker_after(after, speakers) or _speaker_before(before, speakers)
    if who is None:
        earlier = [c for c in found_here if c.kind == "direct" and (c.speaker or c.country)]
        if earlier:
            who = ("country", earlier[-1].country) if earlier[-1].country else \
                ("person", earlier[-1].speaker) if earlier[-1].speaker else None
            how += ", speaker from the quotation before it in the paragraph"
        elif line_speaker is not None:
            who = line_speaker
            how += ", below a line naming the speaker"
    if who is None:
        return None
    span = Span(min(sentence.start, quote[0]), max(end_sentence, quote[1]))
    words = excerpt(text, span)
    return _said_by(StatementCandidate("direct", " ".join(inner.split()), [Found(article, span, words)],
                                       how), who)


def _said_by(statement: StatementCandidate, who: Who) -> StatementCandidate:
    if isinstance(who[1], PersonCandidate):
        statement.speaker = who[1]
    else:
        statement.country = who[1]
    return statement


def _sentence_end(text: str, body: tuple[Span, ...], at: int) -> int:
    for para in body:
        if para.start <= at <= para.end:
            m = re.search(r"[.!?…](?=\s|$)", text[at:min(para.end, at + 400)])
            return at + m.end() if m and m.start() < 200 else min(para.end, at)
    return at


def _speaker_after(after: str, speakers: Speakers) -> Who | None:
    """`”, Thứ trưởng ... nêu rõ.` / `," Hoa told reporters.` / `," said Nguyen Thuc Hien, ...`."""
    lang = speakers.lang
    m = re.match(r"^\s*[,.]?\s*(.{1,160}?)\s+(" + _VERB_RE[lang].pattern + r")", after)
    if m and len(m.group(1).split()) <= 20:
        got = speakers.resolve(m.group(1))
        if got is not None:
            return got
    if lang == "en":
        inv = re.match(r"^\s*[,.]?\s*(?:" + _VERB_RE[lang].pattern + r")\s+([^,.;]{2,80})", after)
        if inv:
            return speakers.resolve(inv.group(1))
    return None


def _speaker_before(before: str, speakers: Speakers) -> Who | None:
    """`Chủ tịch nước Lương Cường nhấn mạnh: “...` / `Guterres said: "...`."""
    verbs = list(_VERB_RE[speakers.lang].finditer(before))
    if not verbs or before[verbs[-1].end():].strip(" :,") not in ("", "rằng", "that"):
        return None
    return _subject(before[:verbs[-1].start()], speakers)


def _subject(pre: str, speakers: Speakers) -> Who | None:
    """The speaker phrase that ends `pre` (the words before a verb of saying), if it is one."""
    pre = pre.rstrip(" ,")
    segments = _segments(pre)
    if not segments:
        return None
    lang = speakers.lang
    # The last comma-separated part naming a person (an appositive title may follow it), else the last part.
    chosen = len(segments) - 1
    for k in range(len(segments) - 1, max(-1, len(segments) - 4), -1):
        if find_name(segments[k], lang, speakers.countries) is not None and len(segments[k].split()) <= 16:
            chosen = k
            break
    phrase = ", ".join(segments[chosen:])
    if len(phrase.split()) > 30:
        return None
    return speakers.resolve(phrase)


def _segments(pre: str) -> list[str]:
    """`pre` split at commas outside parentheses."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(pre):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch in ",;—–" and depth == 0:
            parts.append(pre[start:i])
            start = i + 1
    parts.append(pre[start:])
    return [p.strip() for p in parts if p.strip()]


def _paraphrases(article: Article, sentence: Span, s: str, speakers: Speakers,
                 quotes: Quotations) -> list[StatementCandidate]:
    lang = speakers.lang
    base = sentence.start

    def inside_quote(pos: int) -> bool:
        return quotes.inside(base + pos)

    def make(who: Who, content: str, how: str) -> StatementCandidate | None:
        content = content.strip(" ,:;").rstrip(".")
        if len(content.split()) < 4 or content[:1] in _OPENING:
            return None
        words = excerpt(article.text, sentence)
        return _said_by(StatementCandidate("paraphrase", content, [Found(article, sentence, words)], how),
                        who)

    theo = re.match(r"^(?:Cũng\s+)?(?:[Tt]heo|According to)\s+([^,]{2,120}),\s*(.+)$", s)
    if theo and not inside_quote(0):
        who = speakers.resolve(theo.group(1))
        if who is not None:
            c = make(who, theo.group(2), f"“{theo.group(1)}, …” (theo / according to)")
            return [c] if c else []
    tail = re.match(r"^(.+),\s*(?:theo|according to)\s+([^,]{2,80}?)\.?$", s)
    if tail:
        who = speakers.resolve(tail.group(2))
        if who is not None:
            c = make(who, tail.group(1), f"“…, theo {tail.group(2)}” (according to)")
            return [c] if c else []
    mid = re.search(r"\btheo\s+((?:ông|bà|Thứ trưởng|Bộ trưởng|Thủ tướng|Chủ tịch|Đại sứ)"
                    r"[^,]{0,60}?)\s+là\b", s)
    if lang == "vi" and mid:
        who = speakers.resolve(mid.group(1))
        if who is not None:
            c = make(who, s, f"“… theo {mid.group(1)} là …”")
            return [c] if c else []
    out: list[StatementCandidate] = []
    for verb in _VERB_RE[lang].finditer(s):
        if inside_quote(verb.start()):
            continue
        content = s[verb.end():]
        if _NOT_CONTENT.match(content.strip(" ,:")):
            continue
        pre = s[:verb.start()]
        if out and not re.search(r"(?:,|\bwho)\s*$", pre.rstrip()):
            continue  # a second speaker in one sentence: only after ", Name, who said" and the like
        who = _subject(pre, speakers)
        if who is None:
            continue
        if out and who[0] == "person" and find_name(_segments(pre)[-1], lang, speakers.countries) is None:
            continue
        content = re.sub(r"^\s*(?:,|:)?\s*(?:rằng|that)?\s*[,:]?\s*", "", content)
        c = make(who, content, f"verb of saying “{verb.group()}”")
        if c is not None:
            out.append(c)
    if lang == "en" and not out:
        inv = re.match(r"^(.+?),\s*(?:(.{2,80}?)\s+(?:said|says|added|stated|noted)|"
                       r"(?:said|says|added)\s+([^,.]{2,80}?))(?:,.*)?\.?$", s)
        if inv and not inside_quote(0):
            who = speakers.resolve(inv.group(2) or inv.group(3))
            if who is not None:
                c = make(who, inv.group(1), "“…, she said” (verb of saying after the words)")
                if c is not None:
                    out.append(c)
    return out
