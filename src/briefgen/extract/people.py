"""Who speaks: people's names and titles, countries, and how an article refers back to them.

An article names a speaker once in full ("Thứ trưởng Thường trực Bộ Ngoại giao Nguyễn Minh
Vũ"), then as "ông Vũ", by title alone ("Thứ trưởng Thường trực Bộ Ngoại giao"), or as "Ông" /
"He" for the last person named. `Speakers` keeps the people met so far in one article and
resolves each of those references; country names come from the CLDR names briefgen ships.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefgen.extract.candidates import PersonCandidate

VI_SURNAMES = frozenset(("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
                         "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Lương", "Đinh", "Trương", "Mai", "Đào",
                         "Hà", "Tô", "Tạ", "Lâm", "Cao", "Chu", "Đoàn", "Thái", "Trịnh", "Lưu", "Quách",
                         "Kiều", "Tôn", "Vương", "Triệu", "Nông", "Lò", "Phùng", "Khổng", "Hứa", "Thân",
                         "Giáp", "Châu", "Mạc", "Tăng", "Từ", "La", "Đàm", "Khúc", "Doãn", "Lại", "Nghiêm",
                         "Âu", "Kim", "Trình", "Ninh", "Văn", "Diệp", "Lục", "Bạch", "Hầu", "Quan", "Tống",
                         "Đồng", "Thạch", "Lạc",))
# Places that begin with a surname ("Hà Nội") are not people.
_PLACES = frozenset(("hà nội", "hà giang", "hà nam", "hà tĩnh", "cao bằng", "lâm đồng", "mai châu",
                     "hồ gươm", "hồ tây", "châu á", "châu âu", "châu phi", "châu mỹ", "châu đại dương",
                     "thái bình dương", "đồng nai", "đồng tháp", "đồng hới", "kim sơn", "la hán",
                     "trịnh gia", "văn miếu", "new york", "kuala lumpur", "hong kong", "da nang", "ha noi",
                     "ho chi minh", "can tho", "quang ninh", "hai phong"))
VI_TITLE_START = re.compile(
    r"(?:(?:cố|nguyên|cựu|tân|đương kim)\s+)?(?:Phó\s+|Quyền\s+)*(?:Thủ tướng|Chủ tịch|Tổng Bí thư|Bí thư|"
    r"Bộ trưởng|"
    r"Thứ trưởng|Đại sứ|Tổng Thư ký|Tổng thư ký|Cục trưởng|Vụ trưởng|Viện trưởng|Tổng cục trưởng|Giám đốc|"
    r"Tổng Giám đốc|Thượng tướng|Đại tướng|Trung tướng|Thiếu tướng|Đại tá|Thượng tá|Trung tá|Ủy viên|Uỷ viên|"
    r"Người phát ngôn|Trưởng đoàn|Trưởng ban|Trưởng Ban|Trưởng phòng|Chánh|Thống đốc|Chủ nhiệm|Hiệu trưởng|"
    r"Giáo sư|Tiến sĩ|GS\.|PGS\.|TS\.|ThS\.|Luật sư|Chuyên gia|Đại biểu|Nhà báo|Chủ tịch nước|Phó Thủ tướng|"
    r"Trưởng Đại diện|Điều phối viên|Nghị sĩ|Thủ hiến|Quốc vương|Hoàng tử|Tổng thống|Thủ tướng Chính phủ)\b")
VI_HONORIFIC = re.compile(r"(?:ông|bà|ngài|Ông|Bà|Ngài)\b")
EN_TITLE_WORDS = frozenset(("president", "prime", "minister", "secretary", "secretary-general", "general",
                            "deputy", "vice", "ambassador", "director", "director-general", "chief",
                            "chairman", "chairwoman", "chair", "ceo", "governor", "spokesperson",
                            "spokesman", "spokeswoman", "senator", "head", "professor", "mayor",
                            "chancellor", "king", "queen", "premier", "envoy", "commissioner", "official",
                            "officials", "representative", "delegate", "leader", "founder", "dean",
                            "executive", "economist", "analyst", "lieutenant", "colonel",
                            "minister-president", "speaker", "member",))
_EN_NOT_NAMES = EN_TITLE_WORDS | frozenset(("the", "a", "an", "of", "and", "for", "in", "on", "at", "to",
                                            "foreign", "affairs", "state", "party", "national", "assembly",
                                            "committee", "council", "ministry", "department", "office",
                                            "united", "nations", "bank", "board", "university", "agency",
                                            "summit", "conference", "forum", "people", "peoples", "city",
                                            "government", "central", "communist", "agriculture", "trade",
                                            "finance", "treasury", "defence", "defense", "public",
                                            "security", "health", "education", "development", "economic",
                                            "world", "international", "asian", "european", "association",
                                            "union", "organization", "organisation", "program", "programme",
                                            "fund", "group", "new", "north", "south", "east", "west", "he",
                                            "she", "they", "we", "it", "but", "meanwhile", "however",
                                            "also", "this", "that", "his", "her", "mr", "mrs", "ms", "dr",
                                            "sir", "madam", "soundbite", "english", "vietnamese", "chinese",
                                            "japanese", "korean", "russian", "american", "british",
                                            "french", "german", "thai", "chilean", "us", "u", "s", "un",
                                            "eu", "wpc", "unctad", "apec", "asean", "who", "reuters",
                                            "today", "yesterday", "monday", "tuesday", "wednesday",
                                            "thursday", "friday", "saturday", "sunday", "january",
                                            "february", "march", "april", "may", "june", "july", "august",
                                            "september", "october", "november", "december", "portuguese",
                                            "executive", "lower", "upper",))
Token = tuple[int, int, str]  # a word of a phrase: start, end, the word
_NAME_PARTICLES = frozenset(("dos", "da", "de", "van", "von", "bin", "al", "der", "del", "la", "le", "di",
                             "du"))
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
# Letters only Vietnamese uses: a capitalized run holding them is a Vietnamese phrase, not a foreign name.
_VI_ONLY = re.compile("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĩũõỹ]", re.IGNORECASE)

REPRESENTATIVE = {"vi": re.compile(r"(?i)^(?:các\s+)?(?:đại diện|phái đoàn|đoàn|chính phủ|trưởng đoàn|đại "
                                   r"sứ)\s+"),
                  "en": re.compile(r"(?i)^(?:the\s+)?(?:representative|delegate|delegation|envoy|"
                                   r"government)s?\s+"
                                   r"(?:of|from)\s+(?:the\s+)?")}
_EN_REP_AFTER = re.compile(r"(?i)^(?P<c>.+?)(?:'s|’s)\s+(?:representative|delegate|delegation|envoy|"
                           r"government)$")
_THIS_COUNTRY = {"vi": re.compile(r"(?i)^(?:nước|quốc gia)\s+này$"), "en": re.compile(r"(?i)^the\s+country$")}
_ALIASES = {"vi": {"Mỹ": "US", "Hàn Quốc": "KR", "Triều Tiên": "KP", "Anh": "GB", "Úc": "AU",
                   "Palestine": "PS"},
            "en": {"US": "US", "U.S.": "US", "America": "US", "Britain": "GB", "UK": "GB", "Korea": "KR",
                   "Vietnam": "VN", "Russia": "RU", "China": "CN", "Japan": "JP"}}


def country_names(lang: str) -> dict[str, str]:
    """Country name -> ISO code, from CLDR (the names `build` prints), plus common short forms."""
    from briefgen.pack.countries import KNOWN_CODES, territories

    names = {name: code for code, name in territories(lang if lang in ("vi", "en") else "en").items()
             if code in KNOWN_CODES and len(code) == 2 and not code.isdigit()}
    names.update(_ALIASES.get(lang, {}))
    return names


def _country_in(phrase: str, names: dict[str, str]) -> str | None:
    return names.get(phrase.strip(" ,.:;"))


# Who said it: ("person", the person) or ("country", its ISO code).
Who = tuple[str, "PersonCandidate | str"]


@dataclass
class Speakers:
    """The people and countries of one article, in the order they were met."""

    lang: str
    countries: dict[str, str]
    people: list[PersonCandidate] = field(default_factory=list)
    last: PersonCandidate | None = None
    represented: set[str] = field(default_factory=set)  # countries whose representative has spoken
    last_country: str | None = None

    def resolve(self, phrase: str) -> Who | None:
        """('person', the person) or ('country', ISO code) for a speaker phrase; None if it is neither."""
        phrase = _strip_phrase(phrase, self.lang)
        if not phrase or len(phrase.split()) > 28:
            return None
        country = self._country(phrase)
        if country is not None:
            self.last_country = country
            return "country", country
        person = self._person(phrase)
        if person is None:
            return None
        self.last = person
        return "person", person

    def _country(self, phrase: str) -> str | None:
        if _THIS_COUNTRY[self.lang if self.lang in _THIS_COUNTRY else "en"].match(phrase):
            return self.last_country
        rep = REPRESENTATIVE.get(self.lang, REPRESENTATIVE["en"]).match(phrase)
        if rep:
            code = _country_in(phrase[rep.end():], self.countries)
            if code:
                self.represented.add(code)
            return code
        after = _EN_REP_AFTER.match(phrase) if self.lang == "en" else None
        if after:
            code = _country_in(after.group("c"), self.countries)
            if code:
                self.represented.add(code)
            return code
        code = _country_in(phrase, self.countries)
        if code is not None and (code in self.represented or code == self.last_country):
            return code  # "Trung Quốc đề xuất ..." after "Đại diện Trung Quốc ..."
        return None

    def _person(self, phrase: str) -> PersonCandidate | None:
        found = find_name(phrase, self.lang, self.countries)
        if found is not None:
            start, end = found
            name = phrase[start:end]
            title = _title_around(phrase, start, end, self.lang)
            return self.meet(name, title)
        words = phrase.split()
        low = phrase.lower()
        if low in ("ông", "bà", "ngài", "he", "she"):
            return self.last
        honorific = re.match(r"(?i)^(?:ông|bà|ngài|mr\.?|mrs\.?|ms\.?|dr\.?)\s+(.+)$", phrase)
        if honorific and all(w[:1].isupper() for w in honorific.group(1).split()):
            return self._by_name(honorific.group(1))
        if len(words) <= 2 and all(w[:1].isupper() for w in words) and not self._is_title(phrase):
            named = self._by_name(phrase)
            if named is not None:
                return named
        if self._is_title(phrase):
            return self._by_title(phrase)
        return None

    def _is_title(self, phrase: str) -> bool:
        if self.lang == "vi":
            return bool(VI_TITLE_START.match(phrase))
        words = [w.lower() for w in _WORD.findall(phrase)]
        return any(w in EN_TITLE_WORDS for w in words)

    def meet(self, name: str, title: str | None) -> PersonCandidate:
        """The person of that name (met before, or new); a longer title replaces a shorter one."""
        key = name.casefold()
        for p in self.people:
            if p.name.casefold() == key:
                if title and (not p.title or len(title) > len(p.title)):
                    p.title = title
                return p
        person = PersonCandidate(name, title or None)
        self.people.append(person)
        return person

    def _by_name(self, given: str) -> PersonCandidate | None:
        """'Vũ' (ông Vũ), 'Triet', 'Guterres': the latest person whose name ends (or starts) so."""
        key = given.casefold().split()
        for p in reversed(self.people):
            parts = p.name.casefold().split()
            if parts[-len(key):] == key or parts[:len(key)] == key:
                return p
        return None

    def _by_title(self, phrase: str) -> PersonCandidate | None:
        """A bare title: the latest person whose title says the same (most of its words)."""
        words = {w.casefold() for w in _WORD.findall(phrase)} - {"the", "of", "for", "và", "and"}
        best: tuple[float, int] | None = None
        for n, p in enumerate(self.people):
            if not p.title:
                continue
            theirs = {w.casefold() for w in _WORD.findall(p.title)} - {"the", "of", "for", "và", "and"}
            if not theirs or not words:
                continue
            score = len(words & theirs) / min(len(words), len(theirs))
            if score >= 0.75 and (best is None or (score, n) >= best):
                best = (score, n)
        return self.people[best[1]] if best is not None else None

    def mention(self, sentence: str) -> None:
        """Meet the people a sentence names with a title or an honorific (so 'ông Vũ' resolves later)."""
        if self.lang == "en":
            # "Colonel Nguyen Van Binh, deputy head of the department, opened ...": an English name
            # with a title before it or an appositive after it.
            parts = [p.strip() for p in re.split(r"[,;:()]", sentence)]
            for n, part in enumerate(parts):
                found = find_name(part, "en", self.countries)
                if found is None:
                    continue
                after = parts[n + 1] if n + 1 < len(parts) else ""
                titled = any(w.lower() in EN_TITLE_WORDS for w in _WORD.findall(part[:found[0]]))
                appositive = bool(after) and len(after.split()) <= 12 and any(
                    w.lower() in EN_TITLE_WORDS for w in _WORD.findall(after))
                if titled or appositive:
                    title = ", ".join(t for t in (_title_around(part, found[0], found[1], "en"),
                                                  after if appositive else None) if t)
                    self.meet(part[found[0]:found[1]], title or None)
            return
        for m in VI_TITLE_START.finditer(sentence):
            tail = sentence[m.start():m.start() + 120]
            ends = "|".join(_SAYING)
            cut = re.split(r"[,;:.()“”\"]|\s(?:và|cùng|and|with|dự|kiểm tra|" + ends + r")(?![\w])",
                           tail)[0]
            found = find_name(cut, self.lang, self.countries)
            if found is not None:
                self.meet(cut[found[0]:found[1]], _title_around(cut, found[0], found[1], self.lang))


# Verbs of saying end a speaker phrase (statements.VERBS holds the full lists).
_SAYING = ("cho biết", "cho hay", "nhấn mạnh", "khẳng định", "cho rằng", "nêu rõ", "chia sẻ", "phát biểu",
           "nói", "bày tỏ", "đánh giá", "tin tưởng", "thông tin", "kêu gọi", "đề nghị", "cam kết", "said",
           "says", "told", "added", "noted", "stressed", "stated", "affirmed")
def _strip_phrase(phrase: str, lang: str) -> str:
    phrase = phrase.strip(" ,;:—–-\u00a0")
    adverbs = (r"(?:\s+(?:cũng|đã|vẫn|còn|thì|lại|đều|từng|mới|luôn|sẽ|đang|tiếp tục|trước đó|hôm nay|"
               r"khi đó))+$") if lang == "vi" else \
        (r"(?:\s+(?:also|further|later|then|again|previously|recently|today|yesterday|on \w+day|has|have|had|"
         r"who|which|once|repeatedly|himself|herself))+$")
    phrase = re.sub(adverbs, "", phrase).strip(" ,")
    if lang == "vi":
        phrase = re.sub(r"^(?:(?:như|và|nhưng|còn|cũng|đồng thời|trong khi đó|tuy nhiên)\s+)+", "", phrase)
    else:
        phrase = re.sub(r"^(?:(?:and|but|as|while|meanwhile|however)\s+)+", "", phrase, flags=re.IGNORECASE)
    return phrase.strip(" ,")


def find_name(phrase: str, lang: str, countries: dict[str, str]) -> tuple[int, int] | None:
    """Where a person's full name is in `phrase` (start, end), or None."""
    tokens = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(phrase)]
    if lang == "vi":
        found = _vi_name(phrase, tokens, countries)
        if found is not None:
            return found
        return _foreign_name(phrase, tokens, countries, lang)
    return _en_name(phrase, tokens, countries)


def _joined(phrase: str, a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    return phrase[a[1]:b[0]] == " "


def _vi_name(phrase: str, tokens: list[Token], countries: dict[str, str]) -> tuple[int, int] | None:
    for i, (start, _, word) in enumerate(tokens):
        if word not in VI_SURNAMES:
            continue
        if i > 0 and _joined(phrase, tokens[i - 1], tokens[i]):
            before = tokens[i - 1][2]
            # "Bộ Ngoại giao Nguyễn ..." is a title then a name; "Việt Nguyễn" inside a capitalized
            # run that is neither a title nor an honorific is not the start of a name.
            if before[:1].isupper() and before not in VI_SURNAMES and before not in ("Ông", "Bà", "Ngài") \
                    and not VI_TITLE_START.match(phrase[tokens[i - 1][0]:]):
                continue
        j = i + 1
        while (j < len(tokens) and j - i < 4 and tokens[j][2][:1].isupper()
               and _joined(phrase, tokens[j - 1], tokens[j])):
            j += 1
        if j - i < 2:
            continue
        name = phrase[start:tokens[j - 1][1]]
        if name.casefold() in _PLACES or any(name.casefold().startswith(p) for p in _PLACES) \
                or any(c in name for c in countries if len(c) > 3 and " " in c) or name in countries:
            continue
        rest = name.split()[1:]
        if " ".join(rest) in countries or rest[0] in ("Quốc", "Nam", "Lan"):
            continue  # "Đoàn Việt Nam", "Thái Lan"
        return start, tokens[j - 1][1]
    return None


def _foreign_name(phrase: str, tokens: list[tuple[int, int, str]], countries: dict[str, str],
                  lang: str) -> tuple[int, int] | None:
    """A non-Vietnamese name in a Vietnamese text: after ông/bà, or ending a title
    ("Đại sứ ... Urawadee Sriphiromya")."""
    honorific = VI_HONORIFIC.match(phrase)
    titled = VI_TITLE_START.match(phrase)
    if not honorific and not titled:
        return None
    runs: list[list[tuple[int, int, str]]] = []
    run: list[tuple[int, int, str]] | None
    for tok in tokens:
        if tok[2][:1].isupper() and runs and runs[-1] and _joined(phrase, runs[-1][-1], tok):
            runs[-1].append(tok)
        elif tok[2][:1].isupper():
            runs.append([tok])
        else:
            runs.append([])
    candidates = [r for r in runs if r]
    if honorific:
        first = candidates[0] if candidates else []
        run = first[1:] if first and first[0][2] in ("Ông", "Bà", "Ngài") \
            else first
    else:
        run = candidates[-1] if candidates else None
        if run is not None and run[-1][1] < len(phrase.rstrip(" ,.")) - 1:
            run = None  # a foreign name ends the title phrase
    if not run:
        return None
    while run and (run[0][2] in countries or " ".join(t[2] for t in run[:2]) in countries):
        run = run[2:] if " ".join(t[2] for t in run[:2]) in countries else run[1:]
    if len(run) < 2 or any(_VI_ONLY.search(t[2]) for t in run):
        return None
    return run[0][0], run[-1][1]


def _en_name(phrase: str, tokens: list[Token], countries: dict[str, str]) -> tuple[int, int] | None:
    run: list[tuple[int, int, str]] = []
    best: list[tuple[int, int, str]] = []
    for tok in tokens + [(len(phrase) + 1, len(phrase) + 1, "")]:
        word = tok[2]
        ok = word[:1].isupper() and word.lower().strip("'’s") not in _EN_NOT_NAMES and word not in countries \
            and not word.isupper()
        particle = word in _NAME_PARTICLES and run
        if (ok or particle) and (not run or _joined(phrase, run[-1], tok)):
            run.append(tok)
            continue
        while run and run[-1][2] in _NAME_PARTICLES:
            run.pop()
        if len(run) >= 2 and not best:
            best = run
        run = [tok] if ok else []
    if not best:
        return None
    return best[0][0], best[-1][1]


def _title_around(phrase: str, start: int, end: int, lang: str) -> str | None:
    """The title the phrase gives with the name: the words before it and an appositive after it."""
    before = phrase[:start].strip(" ,")
    before = re.sub(r"(?i)^(?:ông|bà|ngài|mr\.?|mrs\.?|ms\.?|dr\.?)$", "", before).strip()
    after = phrase[end:].strip(" ,:")
    parts = []
    if before and (lang == "vi" or any(w.lower() in EN_TITLE_WORDS for w in _WORD.findall(before))):
        parts.append(before.rstrip(" ,"))
    if after and len(after.split()) <= 25 and not re.search(r"[.!?]", after):
        parts.append(after)
    title = ", ".join(p for p in parts if p)
    title = re.sub(r"^(?:the|The)\s+", "", title) if lang == "en" else title
    return title or None


_AMBASSADOR = {"vi": re.compile(r"Đại sứ\s+(.+?)(?:\s+tại\b|,|$)"),
               "en": re.compile(r"(?i)ambassador\s+(?:of|from)\s+(?:the\s+)?(.+?)(?:\s+to\b|,|$)")}


def country_of_title(title: str | None, lang: str) -> str | None:
    """The country an ambassador's title names ("Đại sứ Thái Lan tại Việt Nam" -> TH); else None:
    a minister's country is never guessed from the outlet."""
    if not title:
        return None
    m = _AMBASSADOR.get(lang, _AMBASSADOR["en"]).search(title)
    if not m:
        return None
    names = country_names(lang)
    return names.get(m.group(1).strip()) or names.get(m.group(1).split()[-1])
