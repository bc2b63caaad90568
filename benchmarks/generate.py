"""Synthetic fact packs for the benchmarks: N records of every kind, with their source texts.

Everything here is deterministic (one `random.Random(seed)`), and every pack passes
`briefgen check PACK --sources DIR` with no problem and no warning:

- `pack.yaml` lists sources with `file:` and the real `sha256:` of each text;
- every evidence excerpt is a sentence that really occurs in a generated Vietnamese text;
- a number's value is written in its excerpt in Vietnamese style ("2.500", "6,6 triệu"),
  after the qualifier its `approx` names ("hơn", "ít nhất", "gần", "khoảng");
- a direct quote's text is inside its excerpt (between “ and ”);
- `parts` add up, and a `measure` with two values has every side but one disputed.

Sizes follow the Hanoi pack (89 records, 120 excerpts, five ~10 KB articles): records are
spread as numbers 37 %, quotes 33 %, people 12 %, positions 8 %, summits 10 %, and one
source article holds about 25 excerpts, padded with ordinary news sentences.

Usage:
    python benchmarks/generate.py OUT_DIR --records 10000 [--seed 1]
    python benchmarks/generate.py OUT_DIR --batch 40 [--seed 1]

The first writes OUT_DIR/pack/ and OUT_DIR/sources/; the second writes
OUT_DIR/packs/<id>/ (40 packs of 30-90 records, distinct ids) and OUT_DIR/sources/.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

GENERATOR_VERSION = "1"

PACK_DATE = "2025-10-26"
SHARE = {"people": 0.12, "positions": 0.08, "summits": 0.10, "quotes": 0.33}  # numbers: the rest
EXCERPTS_PER_SOURCE = 25
FILLER_PER_SOURCE = 45

# --- vocabulary (vi, en) ----------------------------------------------------------------------

TOPICS = [
    ("an ninh mạng", "cyber security"), ("chuyển đổi số", "digital transformation"),
    ("thương mại điện tử", "e-commerce"), ("phòng, chống lừa đảo trực tuyến", "fighting online fraud"),
    ("bảo vệ dữ liệu cá nhân", "personal data protection"), ("tương trợ tư pháp", "mutual legal assistance"),
    ("trí tuệ nhân tạo", "artificial intelligence"), ("năng lượng tái tạo", "renewable energy"),
    ("ứng phó biến đổi khí hậu", "climate change response"), ("kinh tế biển", "the maritime economy"),
    ("an ninh lương thực", "food security"), ("y tế công cộng", "public health"),
    ("giáo dục đại học", "higher education"), ("du lịch bền vững", "sustainable tourism"),
    ("hạ tầng giao thông", "transport infrastructure"), ("chống rửa tiền", "anti-money laundering"),
    ("bảo vệ trẻ em trên mạng", "child online protection"), ("hợp tác điều tra", "joint investigations"),
]
EVENTS = [
    ("phiên khai mạc", "the opening session"), ("phiên toàn thể", "the plenary session"),
    ("hội thảo chuyên đề", "the thematic workshop"), ("phiên thảo luận cấp cao", "the high-level debate"),
    ("lễ ký kết", "the signing ceremony"), ("họp báo quốc tế", "the international press conference"),
    ("diễn đàn doanh nghiệp", "the business forum"), ("phiên bế mạc", "the closing session"),
]
COUNTED = [  # unit vi, unit en, verb vi, verb en
    ("đại biểu", "delegates", "tham dự", "attended"),
    ("quốc gia", "countries", "cử đoàn tới", "sent delegations to"),
    ("tổ chức quốc tế", "international organisations", "có mặt tại", "were present at"),
    ("phóng viên", "reporters", "đưa tin về", "covered"),
    ("doanh nghiệp", "companies", "đăng ký tham gia", "registered for"),
    ("tình nguyện viên", "volunteers", "phục vụ", "served at"),
    ("bài tham luận", "papers", "được trình bày tại", "were presented at"),
    ("lượt người xem", "viewers", "theo dõi trực tuyến", "watched online"),
]
FUNDED = [
    ("kinh phí hỗ trợ", "funding pledged for"), ("vốn đầu tư", "investment committed to"),
    ("ngân sách dành cho", "budget set aside for"), ("khoản tài trợ cho", "grants for"),
]
APPROX_VI = {"exact": "", "more_than": "hơn", "at_least": "ít nhất", "nearly": "gần", "about": "khoảng"}
LEADS_VI = ["Theo ban tổ chức,", "Số liệu cho thấy", "Ban tổ chức cho biết", "Theo thống kê sơ bộ,",
            "Báo cáo tổng kết nêu rõ", "Đại diện nước chủ nhà thông báo"]

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lương"]
MIDDLES = ["Văn", "Thị", "Minh", "Thế", "Hoàng", "Xuân", "Thanh", "Đức", "Quốc", "Thu", "Tam", "Hải"]
GIVENS = ["Vũ", "Tùng", "Minh", "Giang", "Quang", "Lan", "Hương", "Sơn", "Cường", "Trung", "Anh", "Hà", "Long",
          "Phương", "Dũng", "Thảo", "Hiếu", "Nam", "Khoa", "Linh"]
TITLES = [
    ("Thứ trưởng Bộ Ngoại giao", "Deputy Minister of Foreign Affairs"),
    ("Bộ trưởng Bộ Công an", "Minister of Public Security"),
    ("Thứ trưởng Bộ Công an", "Deputy Minister of Public Security"),
    ("Cục trưởng Cục An ninh mạng", "Director of the Department of Cyber Security"),
    ("Chủ tịch Ủy ban nhân dân thành phố Hà Nội", "Chairman of the Hanoi People's Committee"),
    ("Đại sứ, Trưởng Phái đoàn thường trực", "Ambassador, Permanent Representative"),
    ("Phó Tổng Thư ký Liên Hợp Quốc", "Under-Secretary-General of the United Nations"),
    ("Giám đốc điều hành", "Executive Director"),
    ("Vụ trưởng Vụ Pháp luật quốc tế", "Director-General of International Law"),
]
SAY_VI = ["nhấn mạnh", "khẳng định", "cho biết", "phát biểu", "chia sẻ"]
DIRECT = [  # direct words, vi and en; {t} a topic
    ("Việt Nam sẵn sàng chia sẻ kinh nghiệm về {t} với tất cả các đối tác",
     "Viet Nam stands ready to share its experience of {t} with all partners"),
    ("không một quốc gia nào có thể một mình giải quyết những thách thức về {t}",
     "no country can meet the challenges of {t} alone"),
    ("hợp tác về {t} phải dựa trên sự tôn trọng lẫn nhau và luật pháp quốc tế",
     "cooperation on {t} must rest on mutual respect and international law"),
    ("chúng ta cần biến cam kết về {t} thành hành động cụ thể ngay trong năm nay",
     "we must turn our commitments on {t} into concrete action this very year"),
    ("đây là dấu mốc quan trọng đối với {t} của khu vực và thế giới",
     "this is an important milestone for {t} in the region and the world"),
]
PARAPHRASE = [  # excerpt vi, our words vi, our words en
    ("bày tỏ mong muốn các nước tăng cường trao đổi thông tin về {t}",
     "Các nước cần trao đổi thông tin nhiều hơn về {t}.",
     "Countries should exchange more information on {t}."),
    ("cho rằng khung pháp lý mới sẽ giúp thu hẹp khoảng cách về {t} giữa các nước",
     "Khung pháp lý mới sẽ thu hẹp khoảng cách giữa các nước về {t}.",
     "The new legal framework will narrow the gap between countries on {t}."),
    ("kêu gọi các đối tác hỗ trợ nâng cao năng lực cho các nước đang phát triển trong lĩnh vực {t}",
     "Các nước đang phát triển cần được hỗ trợ nâng cao năng lực về {t}.",
     "Developing countries need help building capacity in {t}."),
]
COUNTRIES = [
    ("CN", "Trung Quốc"), ("JP", "Nhật Bản"), ("KR", "Hàn Quốc"), ("FR", "Pháp"), ("DE", "Đức"),
    ("GB", "Vương quốc Anh"), ("RU", "Nga"), ("IN", "Ấn Độ"), ("ID", "Indonesia"), ("MY", "Malaysia"),
    ("TH", "Thái Lan"), ("SG", "Singapore"), ("PH", "Philippines"), ("LA", "Lào"), ("KH", "Campuchia"),
    ("AU", "Australia"), ("CA", "Canada"), ("BR", "Brazil"), ("ZA", "Nam Phi"), ("EG", "Ai Cập"),
    ("CH", "Thụy Sĩ"), ("IT", "Italy"), ("ES", "Tây Ban Nha"), ("NL", "Hà Lan"), ("CU", "Cuba"),
]
STANCES = [
    ("ủng hộ việc sớm phê chuẩn Công ước và triển khai hiệu quả các cam kết về {t}",
     "supports early ratification of the Convention and effective delivery of its commitments on {t}"),
    ("đề nghị tăng cường hợp tác song phương và đa phương về {t}",
     "called for stronger bilateral and multilateral cooperation on {t}"),
    ("nhấn mạnh sự cần thiết phải tôn trọng chủ quyền quốc gia trong lĩnh vực {t}",
     "stressed the need to respect national sovereignty in {t}"),
    ("cam kết hỗ trợ kỹ thuật cho các nước đang phát triển về {t}",
     "pledged technical assistance to developing countries on {t}"),
]
POINTS = [
    ("Chia sẻ thông tin kịp thời giữa các cơ quan chức năng.", "Timely information sharing between agencies."),
    ("Đào tạo cán bộ và nâng cao năng lực điều tra.", "Training officers and building investigative capacity."),
    ("Thiết lập đầu mối liên lạc hoạt động 24/7.", "A round-the-clock point of contact."),
    ("Bảo đảm quyền con người trong quá trình thực thi.", "Safeguarding human rights in enforcement."),
]
SUMMITS = [  # vi, en, short
    ("Hội nghị cấp cao ASEAN", "ASEAN Summit", "ASEAN"), ("Hội nghị cấp cao Á-Âu", "Asia-Europe Meeting", "ASEM"),
    ("Hội nghị cấp cao APEC", "APEC Economic Leaders' Meeting", "APEC"),
    ("Đại hội đồng Liên minh Nghị viện thế giới", "Inter-Parliamentary Union Assembly", "IPU"),
    ("Diễn đàn Kinh tế thế giới về ASEAN", "World Economic Forum on ASEAN", "WEF-ASEAN"),
    ("Hội nghị Thượng đỉnh Tiểu vùng Mê Công mở rộng", "Greater Mekong Subregion Summit", "GMS"),
]
CITIES = [("Hà Nội", "Hanoi"), ("Thành phố Hồ Chí Minh", "Ho Chi Minh City"), ("Đà Nẵng", "Da Nang"),
          ("Hải Phòng", "Hai Phong"), ("Huế", "Hue"), ("Nha Trang", "Nha Trang")]
FILLER = [
    "Các đại biểu đã trao đổi cởi mở về những thách thức chung trong lĩnh vực {t}",
    "Nhiều ý kiến đánh giá cao công tác chuẩn bị chu đáo của nước chủ nhà",
    "Bên lề sự kiện, các đoàn đã có nhiều cuộc tiếp xúc song phương về {t}",
    "Công tác bảo đảm an ninh, an toàn được triển khai chặt chẽ tại {c}",
    "Hệ thống thông tin phục vụ sự kiện hoạt động ổn định trong suốt thời gian diễn ra",
    "Người dân {c} theo dõi sự kiện qua các màn hình lớn đặt tại nhiều tuyến phố",
    "Các chuyên gia cho rằng cần có cách tiếp cận toàn diện đối với {t}",
    "Báo chí trong nước và quốc tế dành sự quan tâm đặc biệt tới phiên thảo luận về {t}",
    "Ban tổ chức bố trí khu vực trưng bày giới thiệu thành tựu của Việt Nam về {t}",
    "Nhiều doanh nghiệp công nghệ tham gia giới thiệu giải pháp mới về {t}",
]
OUTLETS = ["Báo Nhân Dân", "Báo Quân đội nhân dân", "Báo Tin tức", "Báo Điện tử Chính phủ", "Báo Hà Nội mới",
           "Báo Thế giới và Việt Nam", "Đài Tiếng nói Việt Nam"]


# --- output helpers -----------------------------------------------------------------------------

def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML for these texts)."""
    return json.dumps(text, ensure_ascii=False)


def loc(vi: str, en: str) -> str:
    return "{vi: " + q(vi) + ", en: " + q(en) + "}"


def vi_int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@dataclass
class Excerpt:
    sentence: str  # the sentence as it stands in the source text (no final period)
    source: int = -1


@dataclass
class Builder:
    rng: random.Random
    n_sources: int
    excerpts: list[Excerpt] = field(default_factory=list)

    def excerpt(self, sentence: str, avoid: int = -1) -> Excerpt:
        src = self.rng.randrange(self.n_sources)
        if src == avoid and self.n_sources > 1:
            src = (src + 1) % self.n_sources
        ex = Excerpt(sentence, src)
        self.excerpts.append(ex)
        return ex


def _counts(n: int) -> dict[str, int]:
    if n < 5:
        raise ValueError("a synthetic pack needs at least 5 records (one of every kind)")
    counts = {kind: max(1, round(n * share)) for kind, share in SHARE.items()}
    counts["numbers"] = n - sum(counts.values())
    if counts["numbers"] < 1:
        counts["quotes"] += counts["numbers"] - 1
        counts["numbers"] = 1
    return counts


def _verification(b: Builder, lines: list[str], status: str, priority: int,
                  evidence: list[Excerpt], source_ids: list[str]) -> None:
    lines.append(f"  status: {status}")
    if status == "verified":
        lines.append('  verified_by: "bench fact desk"')
        lines.append("  verified_on: 2025-10-27")
    lines.append(f"  priority: {priority}")
    if evidence:
        lines.append("  evidence:")
        for ev in evidence:
            lines.append(f"    - source: {source_ids[ev.source]}")
            lines.append(f"      excerpt: {q(ev.sentence)}")


def _status(rng: random.Random) -> str:
    x = rng.random()
    return "verified" if x < 0.86 else "unverified" if x < 0.93 else "disputed"


def _priority(rng: random.Random, first: bool) -> int:
    return 1 if first else rng.choice((2, 3, 3, 4, 4, 5, 5, 5, 6, 6, 7, 8, 9))


def _number_value(rng: random.Random, unit_en: str) -> tuple[int, str, bool]:
    """value, how the source writes it ("2.500", "6,6 triệu USD"); True when it is money."""
    if rng.random() < 0.2:
        k = rng.randint(11, 999)
        written = f"{k // 10} triệu" if k % 10 == 0 else f"{k // 10},{k % 10} triệu"
        return k * 100_000, written + " USD", True
    if unit_en == "viewers":
        value = rng.randint(10_000, 2_000_000)
    else:
        value = rng.choice((rng.randint(2, 99), rng.randint(100, 9999)))
    return value, vi_int(value), False


def _numbers(b: Builder, count: int, source_ids: list[str]) -> list[str]:
    rng = b.rng
    lines: list[str] = ["# Key numbers (synthetic benchmark data).", ""]
    i = 0
    while i < count:
        group = 1
        members: list[tuple[int, str, str | None]]  # value, approx, forced status
        # Every ~15th number is a total with 2-3 parts; every ~20th has a disputed rival value.
        kind = "parts" if count - i >= 4 and rng.random() < 0.07 else \
            "rival" if count - i >= 2 and rng.random() < 0.05 else "plain"
        unit = rng.choice(COUNTED)
        event = rng.choice(EVENTS)
        topic = rng.choice(TOPICS)
        if kind == "parts":
            n_parts = rng.randint(2, 3)
            values = [rng.randint(10, 900) for _ in range(n_parts)]
            members = [(sum(values), "exact", None)]
            members += [(v, "exact", None) for v in values]
            group = n_parts + 1
        elif kind == "rival":
            v = rng.randint(100, 9999)
            members = [(v, "exact", None), (v + rng.randint(1, 50), "exact", "disputed")]
            group = 2
        else:
            members = [(0, rng.choice(("exact", "exact", "exact", "more_than", "at_least", "nearly", "about")),
                        None)]
        base = i
        measure = f"{unit[1].split()[0]}-{base}"
        ids = [f"{unit[1].split()[0]}-{base + k}" for k in range(group)]
        for k, (value, approx, forced) in enumerate(members):
            money = False
            if kind == "plain":
                value, written, money = _number_value(rng, unit[1])
            else:
                written = vi_int(value)
            qual = APPROX_VI[approx]
            number_text = f"{qual} {written}" if qual else written
            if money:
                fund = rng.choice(FUNDED)
                sentence = f"{rng.choice(LEADS_VI)} {fund[0]} {topic[0]} đạt {number_text}"
                label_vi, label_en = f"{fund[0]} {topic[0]}", f"{fund[1]} {topic[1]}"
            else:
                part = f" (nhóm {k})" if kind == "parts" and k > 0 else ""
                sentence = (f"{rng.choice(LEADS_VI)} có {number_text} {unit[0]}{part} "
                            f"{unit[2]} {event[0]} về {topic[0]}")
                label_vi = f"{unit[2]} {event[0]} về {topic[0]}{part}"
                label_en = f"{unit[3]} {event[1]} on {topic[1]}" + (f" (group {k})" if part else "")
            status = forced or _status(rng)
            evidence = [b.excerpt(sentence)]
            if rng.random() < 0.3:
                evidence.append(b.excerpt(f"Một lần nữa, {sentence[0].lower()}{sentence[1:]}",
                                          avoid=evidence[0].source))
            lines.append(f"- id: {ids[k]}")
            lines.append(f"  value: {value}")
            if approx != "exact":
                lines.append(f"  approx: {approx}")
            if money:
                lines.append("  currency: USD")
            else:
                lines.append(f"  unit: {loc(unit[0], unit[1])}")
            lines.append("  label:")
            lines.append(f"    vi: {q(label_vi)}")
            lines.append(f"    en: {q(label_en)}")
            lines.append(f"  as_of: {PACK_DATE}")
            if kind == "rival" or rng.random() < 0.5:
                lines.append(f"  measure: {measure if kind == 'rival' else ids[k]}")
            if kind == "parts" and k == 0:
                lines.append("  parts: [" + ", ".join(ids[1:]) + "]")
                status = "verified"
            if kind == "parts":
                status = "verified"
            _verification(b, lines, status, _priority(rng, i + k == 0), evidence, source_ids)
            if forced == "disputed":
                lines.append(f"  note: {q('a later article gives another value; kept as the losing side')}")
            lines.append("")
        i += group
    return lines


def _people(b: Builder, count: int) -> tuple[list[str], list[tuple[str, str]]]:
    rng = b.rng
    lines = ["# Speakers quoted in quotes.yaml (synthetic).", ""]
    people: list[tuple[str, str]] = []
    for i in range(count):
        name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVENS)}"
        title = rng.choice(TITLES)
        pid = f"person-{i}"
        people.append((pid, name))
        lines += [f"- id: {pid}", f"  name: {q(name)}", "  title:", f"    vi: {q(title[0])}",
                  f"    en: {q(title[1])}", '  country: "VN"', ""]
    return lines, people


def _quotes(b: Builder, count: int, people: list[tuple[str, str]], source_ids: list[str]) -> list[str]:
    rng = b.rng
    lines = ["# Statements (synthetic): direct words verbatim inside their excerpt.", ""]
    for i in range(count):
        pid, name = people[rng.randrange(len(people))]
        topic = rng.choice(TOPICS)
        lines.append(f"- id: quote-{i}")
        lines.append(f"  speaker: {pid}")
        if rng.random() < 0.6:
            vi, en = rng.choice(DIRECT)
            text_vi, text_en = vi.format(t=topic[0]), en.format(t=topic[1])
            text_vi = text_vi[0].upper() + text_vi[1:]
            text_en = text_en[0].upper() + text_en[1:] + "."
            sentence = f"Ông {name} {rng.choice(SAY_VI)}: “{text_vi}”"
            lines.append("  kind: direct")
        else:
            ex, vi, en = rng.choice(PARAPHRASE)
            text_vi, text_en = vi.format(t=topic[0]), en.format(t=topic[1])
            sentence = f"Ông {name} {ex.format(t=topic[0])}"
            lines.append("  kind: paraphrase")
        lines.append("  lang: vi")
        lines.append(f"  text: {q(text_vi)}")
        lines.append("  translations:")
        lines.append(f"    en: {q(text_en)}")
        lines.append(f"  said_on: {PACK_DATE}")
        if rng.random() < 0.5:
            event = rng.choice(EVENTS)
            lines.append(f"  context: {loc('tại ' + event[0], 'at ' + event[1])}")
        evidence = [b.excerpt(sentence)]
        if rng.random() < 0.3:  # the same words reported by a second article
            evidence.append(b.excerpt(sentence, avoid=evidence[0].source))
        _verification(b, lines, _status(rng), _priority(rng, i == 0), evidence, source_ids)
        lines.append("")
    return lines


def _positions(b: Builder, count: int, source_ids: list[str]) -> list[str]:
    rng = b.rng
    lines = ["# Country positions (synthetic).", ""]
    for i in range(count):
        code, country_vi = rng.choice(COUNTRIES)
        topic = rng.choice(TOPICS)
        vi, en = rng.choice(STANCES)
        summary_vi = f"{country_vi} {vi.format(t=topic[0])}."
        summary_en = f"It {en.format(t=topic[1])}."
        lines += [f"- id: pos-{code.lower()}-{i}", f'  country: "{code}"', "  summary:",
                  f"    vi: {q(summary_vi)}", f"    en: {q(summary_en)}"]
        points = rng.sample(POINTS, rng.choice((0, 1, 2, 3)))
        if points:
            lines.append("  points:")
            for vi_p, en_p in points:
                lines += [f"    - vi: {q(vi_p)}", f"      en: {q(en_p)}"]
        lines.append(f"  said_on: {PACK_DATE}")
        sentence = f"Đại diện {country_vi} {vi.format(t=topic[0])}"
        evidence = [b.excerpt(sentence)]
        for vi_p, _ in points:  # each point in the article's words too
            evidence.append(b.excerpt(f"Theo đại diện {country_vi}, {vi_p[0].lower()}{vi_p[1:-1]}"))
        _verification(b, lines, _status(rng), _priority(rng, False), evidence, source_ids)
        lines.append("")
    return lines


def _summits(b: Builder, count: int, source_ids: list[str]) -> list[str]:
    rng = b.rng
    lines = ["# Summits hosted before (synthetic).", ""]
    for i in range(count):
        vi, en, short = rng.choice(SUMMITS)
        nth = rng.randint(2, 40)
        year = rng.randint(1995, 2025)
        city = rng.choice(CITIES)
        lines += [f"- id: summit-{i}", "  name:", f"    vi: {q(f'{vi} lần thứ {nth}')}",
                  f"    en: {q(f'{en} ({nth})')}", f"  short: {q(f'{short}-{nth}')}", f"  year: {year}",
                  f"  city: {loc(*city)}"]
        sentence = f"{city[0]} từng đăng cai {vi} lần thứ {nth} ({short}-{nth}) năm {year}"
        evidence = [b.excerpt(sentence)]
        if rng.random() < 0.4:
            evidence.append(b.excerpt(f"{short}-{nth} được tổ chức tại {city[0]}", avoid=evidence[0].source))
        _verification(b, lines, _status(rng), _priority(rng, False), evidence, source_ids)
        lines.append("")
    return lines


def _source_text(rng: random.Random, title: str, sentences: list[str]) -> str:
    filler = []
    for _ in range(FILLER_PER_SOURCE):
        filler.append(rng.choice(FILLER).format(t=rng.choice(TOPICS)[0], c=rng.choice(CITIES)[0]))
    body = sentences + filler
    rng.shuffle(body)
    paragraphs = []
    k = 0
    while k < len(body):
        step = rng.randint(2, 4)
        paragraphs.append(" ".join(s + "." for s in body[k:k + step]))
        k += step
    return f"{title}\n\ndate {PACK_DATE}\n\n" + "\n\n".join(paragraphs) + "\n"


def make_pack(folder: Path, n_records: int, seed: int = 0, pack_id: str | None = None,
              sources_dir: Path | None = None) -> tuple[Path, Path]:
    """Write a valid pack of `n_records` records into `folder` and its source texts into `sources_dir`.

    `sources_dir` defaults to `<folder>-sources` beside the pack; text files are named
    `<pack id>-NNNN.txt`, so packs can share one sources folder. Returns (folder, sources_dir).
    """
    folder = Path(folder)
    sources_dir = Path(sources_dir) if sources_dir is not None else folder.with_name(folder.name + "-sources")
    pack_id = pack_id or f"bench-{n_records}-s{seed}"
    rng = random.Random(f"{pack_id}:{n_records}:{seed}")
    counts = _counts(n_records)
    checked = counts["numbers"] + counts["quotes"] + counts["positions"] + counts["summits"]
    n_sources = max(1, round(checked * 1.5 / EXCERPTS_PER_SOURCE))
    source_ids = [f"src-{k:05d}" for k in range(n_sources)]
    b = Builder(rng, n_sources)

    people_lines, people = _people(b, counts["people"])
    files = {
        "numbers": _numbers(b, counts["numbers"], source_ids),
        "quotes": _quotes(b, counts["quotes"], people, source_ids),
        "people": people_lines,
        "positions": _positions(b, counts["positions"], source_ids),
        "summits": _summits(b, counts["summits"], source_ids),
    }

    by_source: list[list[str]] = [[] for _ in range(n_sources)]
    for ex in b.excerpts:
        by_source[ex.source].append(ex.sentence)
    sources_dir.mkdir(parents=True, exist_ok=True)
    pack_lines = [f"# Synthetic benchmark pack: {n_records} records, seed {seed} (benchmarks/generate.py).",
                  f"id: {pack_id}",
                  f"title: {loc(f'Bản tin thử nghiệm hiệu năng {pack_id}', f'Benchmark briefing {pack_id}')}",
                  f"date: {PACK_DATE}", f"place: {loc('Hà Nội, Việt Nam', 'Hanoi, Viet Nam')}",
                  "languages: [vi, en]", "sources:"]
    for k, sid in enumerate(source_ids):
        topic = rng.choice(TOPICS)
        title = f"Tin về {topic[0]} (bài {k + 1})"
        data = _source_text(rng, title, by_source[k]).encode("utf-8")
        name = f"{pack_id}-{k:05d}.txt"
        (sources_dir / name).write_bytes(data)
        pack_lines += [f"  - id: {sid}", f"    title: {q(title)}", f"    outlet: {q(rng.choice(OUTLETS))}",
                       f"    published: {PACK_DATE}", "    lang: vi", f"    file: {q(name)}",
                       f"    sha256: {q(hashlib.sha256(data).hexdigest())}"]
    pack_lines += ["presets:", "  default: [numbers, quotes, positions, summits]", "  short: [numbers, quotes]", ""]

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yaml").write_text("\n".join(pack_lines), encoding="utf-8")
    for kind, lines in files.items():
        (folder / f"{kind}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder, sources_dir


def make_batch(root: Path, count: int = 40, seed: int = 0, low: int = 30, high: int = 90) -> list[Path]:
    """`count` packs of `low`..`high` records (like the Hanoi pack) under root/packs/, texts in root/sources/."""
    rng = random.Random(f"batch:{count}:{seed}")
    folders = []
    for i in range(count):
        pack_id = f"bench-batch-{i:02d}"
        folder, _ = make_pack(Path(root) / "packs" / pack_id, rng.randint(low, high), seed + i, pack_id,
                              Path(root) / "sources")
        folders.append(folder)
    return folders


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write into")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--records", type=int, help="one pack of this many records: OUT/pack, OUT/sources")
    group.add_argument("--batch", type=int, help="this many small packs: OUT/packs/*, OUT/sources")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.records is not None:
        folder, sources = make_pack(args.out / "pack", args.records, args.seed, sources_dir=args.out / "sources")
        print(f"wrote {folder} and {sources}")
    else:
        folders = make_batch(args.out, args.batch, args.seed)
        print(f"wrote {len(folders)} packs under {args.out / 'packs'} and {args.out / 'sources'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
