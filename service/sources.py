"""Who a sentence's claim comes from: the source as written in the text, typed, and merged
across the article.

The model says *how* a sentence is sourced (its label); this module finds *who*: the span
of the speaker, institution, outlet or account the sentence names, following the
patterns Indonesian news uses — a quote tail ("…,” kata Kapolres Eko Iskandar."), a
"menurut"/"berdasarkan" phrase, a relay ("Seperti dikutip Mirror"), a subject before a
reporting verb ("Kementerian Luar Negeri Korea Utara menegaskan"), an anonymity phrase,
an account handle. Pronouns and quote tails ("Ia menegaskan", "tambahnya") continue the
last source named (guide rule 5). Mentions of one source ("Hurst", "Sarah Hurst") merge.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from service.cues import Cue
from service.features import last_close_quote, may_hold
from service.labels import WEAKEST_FIRST

SOURCE_TYPES = ("institution", "official", "person", "outlet", "platform_account", "unnamed")
ATTRIBUTED_LABELS = frozenset({"official", "named", "media", "anonymous", "social"})

# Words that open a clause but are not its subject.
_CONNECTORS = re.compile(
    r"^(?:(?:tetapi|tapi|namun|sementara(?: itu)?|apalagi|selain itu|di sisi lain|kemudian|lalu|"
    r"sedangkan|bahkan|adapun|meski(?: begitu)?|oleh karena itu|dalam hal ini|terkait hal ini|"
    r"menurutnya)\b[,\s]*)+",
    re.IGNORECASE,
)
_TRAILING_ADVERBS = re.compile(
    r"(?:\s+(?:juga|telah|sudah|pun|kembali|lantas|sempat|pernah|bahkan|akhirnya|tak|tidak|"
    r"belum|masih|secara resmi|sebelumnya|kemudian|langsung|turut|lebih lanjut))+$",
    re.IGNORECASE,
)
_PRONOUNS = frozenset("ia dia beliau mereka pihaknya kami keduanya nya".split())
_PREPOSITIONS = frozenset("pada dalam di ke dari untuk bagi dengan oleh tentang terkait soal".split())
# Reporting cues that are not verbs with a subject before them.
_NOT_VERBS = re.compile(
    r"^(?:pernyataan(?:nya)?|berdasarkan|menurut(?:nya)?|dalam keterangan(?:nya)?|saat dihubungi|"
    r"dikonfirmasi)$",
    re.IGNORECASE,
)
_NAME = re.compile(
    r"@\w+|[A-Z][\w.'’&-]*(?:\s+(?:(?:bin|binti|van|der|de|da|al|el|di|dan)\s+)?(?:[A-Z][\w.'’&-]*|\([A-Z]{2,}\)))*"
)
_HANDLE = re.compile(r"@\w{2,}")
_DOMAIN = re.compile(r"[\w-]+\.(?:com|co\.id|id|net|org|tv|co)\b", re.IGNORECASE)
_OFFICIAL_TITLES = re.compile(
    r"\b(?:presiden|wakil presiden|wapres|menteri|menko|wamen|gubernur|wagub|bupati|wali ?kota|"
    r"camat|lurah|kapolri|kapolda|kapolres|kapolsek|kasat\w*|kabid\w*|kasubdit|kepala|direktur|"
    r"dirut|ketua|sekretaris|sekjen|juru bicara|jubir|duta besar|dubes|jaksa|hakim|panglima|"
    r"komandan|dandim|danrem|pangdam|kombes|akbp|kompol|iptu|ipda|brigjen|irjen|kadis|anggota dpr|"
    r"senator|perdana menteri|pm|raja|ratu|sultan|kanselir)\b",
    re.IGNORECASE,
)
_INSTITUTION_HEADS = re.compile(
    r"^(?:pihak|kementerian|kemen\w+|pemerintah|pemprov|pemkab|pemkot|polisi|kepolisian|polri|polda|"
    r"polres|polsek|badan|dinas|lembaga|komisi|intelijen|kejaksaan|kejagung|kejati|kejari|"
    r"pengadilan|mahkamah|dpr|dprd|mpr|kpk|kpu|bawaslu|bps|bmkg|bpbd|bnpb|bpom|ojk|pbb|who|tni|"
    r"tim|partai|perusahaan|pt|klub|istana|gedung putih|kremlin|pentagon|kedutaan|kjri|kbri|"
    r"organisasi|asosiasi|yayasan|universitas|rumah sakit|rs|manajemen|panitia|otoritas|militer|"
    r"pasukan|bank|komnas|ombudsman|majelis|dewan|satgas|basarnas|kodam|kodim|uni eropa|nato)\b",
    re.IGNORECASE,
)
_MENURUT_PRONOUN = re.compile(r"\bmenurut(?:nya|\s+(?:dia|ia|beliau|mereka))\b", re.IGNORECASE)
_MENURUT = re.compile(r"\b(?:menurut|berdasarkan)\s+(?:(?:laporan|data|keterangan|pernyataan|"
                      r"rilis|informasi|catatan|hasil)\s+)?(?:(?:dari|resmi)\s+)?", re.IGNORECASE)
_ACRONYM = re.compile(r"^[A-Z]{2,}[a-z]?$")
_OUTLET_WORDS = re.compile(
    r"^(?:reuters|afp|ap|bbc|cnn|al jazeera|mirror|daily mail|guardian|the guardian|bloomberg|"
    r"xinhua|sputnik|tass|yonhap|kyodo|nhk|kompas|detik|tempo|antara|kumparan|liputan6|tribun\w*|"
    r"okezone|sindonews|republika|merdeka|suara|cnbc|kontan|espn|goal|marca|sky sports|variety|"
    r"new york times|the new york times|washington post|the sun|telegraph|independent)",
    re.IGNORECASE,
)


@dataclass
class Mention:
    """A source as written in one sentence: its span in that sentence and its type."""

    name: str
    type: str
    start: int
    end: int


@dataclass
class Source:
    """One source of the article, its mentions merged, with the sentences resting on it."""

    name: str
    type: str
    mentions: list[tuple[int, int]] = field(default_factory=list)
    sentences: list[int] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)

    @property
    def channel(self) -> str:
        """The weakest channel through which the article uses this source (guide rule 2)."""
        return min(self.labels, key=WEAKEST_FIRST.index) if self.labels else "unattributed"

    def key_words(self) -> set[str]:
        return _name_words(self.name)


def find_mention(sentence: str, cues: tuple[Cue, ...]) -> Mention | str | None:
    """The source a sentence names, "pronoun" when it continues an earlier one, or None."""
    for finder in (_from_quote_tail, _from_menurut, _from_relay, _from_anonymity, _from_subject, _from_handle):
        found = finder(sentence, cues)
        if found is not None:
            return found
    return None


def _from_quote_tail(sentence: str, cues: tuple[Cue, ...]):
    """'“…,” kata Kapolres Eko.' / '“…,” tambahnya.' / '“…,” cuit Hurst di akun Twitter.'"""
    close = last_close_quote(sentence)
    if close < 0:
        return None
    verbs = [c for c in cues if c.start > close and c.kind in ("reporting_verb", "quote_tail")]
    if not verbs and not any(c.start > close and c.kind == "platform" for c in cues):
        return None
    verb_end = verbs[0].end if verbs else close + 1
    verb = verbs[0].text.lower() if verbs else ""
    after = sentence[verb_end:]
    if verb.endswith("nya") or re.match(r"\s+(?:dia|ia|beliau|mereka)\b", after, re.IGNORECASE):
        return "pronoun"
    return _name_after(sentence, verb_end)


def _from_menurut(sentence: str, cues: tuple[Cue, ...]):
    """'Menurut intelijen Amerika Serikat (AS), …' / 'menurut penulis X, Sarah Hurst, …'"""
    # Most sentences have neither word: a look for them costs a twentieth of the searches.
    if not may_hold(sentence, ("menurut", "berdasarkan")):
        return None
    if _MENURUT_PRONOUN.search(sentence):
        return "pronoun"
    match = _MENURUT.search(sentence)
    if not match:
        return None
    rest = sentence[match.end():]
    comma = rest.find(",")
    phrase_end = match.end() + (comma if comma >= 0 else len(rest.rstrip(". ")))
    phrase = sentence[match.end():phrase_end].strip()
    if not phrase or not re.search(r"[A-Z@]", phrase):
        return None
    apposition = re.match(r",\s*(" + _NAME.pattern + r")\s*,", sentence[phrase_end:])
    if apposition and _is_person_title(phrase):
        start = phrase_end + apposition.start(1)
        name = apposition.group(1)
        return Mention(name, _type_of(name, phrase), start, start + len(name))
    start = match.end() + (len(sentence[match.end():phrase_end]) - len(sentence[match.end():phrase_end].lstrip()))
    return Mention(phrase, _type_of(phrase, phrase), start, start + len(phrase))


def _from_relay(sentence: str, cues: tuple[Cue, ...]):
    """'Seperti dikutip Mirror, …' / 'dilansir dari laman Reuters' / 'kepada Kompas.com'."""
    for cue in cues:
        if cue.kind != "relay" or cue.text.lower() in ("wawancara", "dalam wawancara"):
            continue
        skip = re.match(r"\s*(?:(?:dari|oleh|kepada|laman|situs|media|portal|akun|kantor berita|"
                        r"surat kabar|harian|majalah|stasiun televisi)\s+)*", sentence[cue.end:], re.IGNORECASE)
        start = cue.end + skip.end()
        domain = _DOMAIN.match(sentence, start)
        name = domain.group() if domain else None
        if name is None:
            run = _NAME.match(sentence, start)
            name = run.group().rstrip(".,") if run else None
        if name:
            kind = "platform_account" if name.startswith("@") else "outlet"
            return Mention(name, kind, start, start + len(name))
    return None


def _from_anonymity(sentence: str, cues: tuple[Cue, ...]):
    for cue in cues:
        if cue.kind == "anonymity":
            return Mention(cue.text, "unnamed", cue.start, cue.end)
    return None


def _from_subject(sentence: str, cues: tuple[Cue, ...]):
    """The subject before the first reporting verb: 'Tetapi pihak China membantah …'."""
    verbs = [c for c in cues if c.kind == "reporting_verb" and c.start > 0
             and not _NOT_VERBS.match(c.text)]
    if not verbs:
        return None
    verb = verbs[0]
    clause_start = sentence.rfind(",", 0, verb.start) + 1
    title = sentence[:clause_start - 1] if clause_start > 0 else ""
    clause = sentence[clause_start:verb.start]
    connector = _CONNECTORS.match(clause.lstrip())
    lead = len(clause) - len(clause.lstrip()) + (connector.end() if connector else 0)
    subject = _TRAILING_ADVERBS.sub("", clause[lead:].rstrip())
    if not subject:
        return None
    first_word = subject.lower().split()[0]
    if first_word in _PRONOUNS:
        return "pronoun"
    if first_word in _PREPOSITIONS:
        return None
    if not re.search(r"[A-Z@]", subject) or len(subject.split()) > 9:
        return None
    start = clause_start + lead
    context = title if len(title.split()) <= 10 and _is_person_title(title) else subject
    return Mention(subject, _type_of(subject, context), start, start + len(subject))


def _from_handle(sentence: str, cues: tuple[Cue, ...]):
    handle = _HANDLE.search(sentence)
    if handle:
        return Mention(handle.group(), "platform_account", handle.start(), handle.end())
    return None


def _name_after(sentence: str, start: int):
    """A title and name following a quote-tail verb: ' Kapolres Cirebon AKBP Eko Iskandar.'"""
    lead = re.match(r"\s*(?:(?:[a-z]+)\s+){0,4}?(?=[A-Z@])", sentence[start:])
    if not lead:
        return None
    begin = start + lead.end()
    run = _NAME.match(sentence, begin)
    if not run:
        return None
    name = run.group().rstrip(".,")
    return Mention(name, _type_of(name, sentence[start:begin] + name), begin, begin + len(name))


def _is_person_title(text: str) -> bool:
    return bool(_OFFICIAL_TITLES.search(text)) or bool(re.search(
        r"\b(?:penulis|pengamat|analis|peneliti|ahli|pakar|dosen|ekonom|psikolog|dokter|aktivis|"
        r"pelatih|pemain|artis|penyanyi|aktor|aktris|wartawan|jurnalis|pengacara|kuasa hukum)\b",
        text, re.IGNORECASE))


def _type_of(name: str, context: str) -> str:
    """Type a source from its name and the words written around it."""
    if name.startswith("@"):
        return "platform_account"
    if _OUTLET_WORDS.match(name) or _DOMAIN.fullmatch(name):
        return "outlet"
    if _INSTITUTION_HEADS.match(name) or _ACRONYM.match(name.split()[-1].strip("()")) and len(name.split()) <= 2:
        return "institution"
    if _OFFICIAL_TITLES.search(context):
        return "official"
    return "person"


def _name_words(name: str) -> set[str]:
    """Words that identify a source, without titles or particles: 'Sarah Hurst' -> {sarah, hurst};
    a handle names its account, not the person or body of the same name: '@polri' -> {@polri}."""
    words = {w.lower().strip("().,") for w in name.split()}
    return {w for w in words if w.removeprefix("@")[:1].isalnum() and w not in _PARTICLES}


_PARTICLES = frozenset("bin binti van der de da al el di dan the".split())


def merge_sources(mentions: list[tuple[int, Mention, str]]) -> list[Source]:
    """Group (sentence index, mention in article offsets, label) into sources.

    Mentions are one source when one's name words are all among the other's ("Hurst" and
    "Sarah Hurst"), the first such source in order of appearance; the longer name and the
    more specific type win. A name with no name words (only particles) stands alone.
    """
    sources: list[Source] = []
    index = _SourceIndex()
    for sentence, mention, label in mentions:
        match = index.find(_name_words(mention.name))
        if match is None:
            match = Source(mention.name, mention.type)
            sources.append(match)
            index.add(match)
        elif len(mention.name) > len(match.name):
            match.name = mention.name
            index.add(match)  # found by its new name's words too
        if match.type == "person" and mention.type in ("official", "institution"):
            match.type = mention.type
        if (mention.start, mention.end) not in match.mentions:
            match.mentions.append((mention.start, mention.end))
        if sentence not in match.sentences:
            match.sentences.append(sentence)
        match.labels.append(label)
    return sources


class _SourceIndex:
    """The sources met so far, by their name words, so that finding the source a mention
    belongs to does not compare it with every source (an article naming 2,000 different
    people took 10 s that way)."""

    MAX_SUBSET_WORDS = 10

    def __init__(self):
        self._rank: dict[int, int] = {}  # id(source) -> order of appearance
        self._words: dict[int, frozenset[str]] = {}  # id(source) -> its current name words
        self._by_word: dict[str, dict[int, Source]] = defaultdict(dict)
        self._by_words: dict[frozenset[str], dict[int, Source]] = defaultdict(dict)
        self._sources: dict[int, Source] = {}

    def add(self, source: Source) -> None:
        """Index a new source, or a known one under its name as it is now."""
        key = id(source)
        words = frozenset(source.key_words())
        self._rank.setdefault(key, len(self._rank))
        self._words[key] = words
        self._sources[key] = source
        for word in words:
            self._by_word[word][key] = source
        self._by_words[words][key] = source

    def find(self, words: set[str]) -> Source | None:
        """The first source whose name words contain ``words`` or lie within them."""
        if not words:
            return None
        # Sources whose words contain the mention's all hold its rarest word.
        rarest = min(words, key=lambda word: len(self._by_word.get(word, ())))
        candidates = [key for key in self._by_word.get(rarest, ()) if words <= self._words[key]]
        # Sources whose words lie within the mention's: each subset of the mention's words
        # that some source has ever had (no other word can be in one), looked up.
        indexed = sorted(word for word in words if word in self._by_word)
        if len(indexed) <= self.MAX_SUBSET_WORDS:
            for size in range(1, len(indexed) + 1):  # a source without name words takes in no one
                for subset in combinations(indexed, size):
                    candidates += [key for key in self._by_words.get(frozenset(subset), ())
                                   if self._words[key] <= words]
        else:
            candidates += [key for key, known in self._words.items() if known and known <= words]
        return self._sources[min(candidates, key=self._rank.__getitem__)] if candidates else None
