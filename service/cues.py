"""The attribution cue lexicon: words and phrases a reader uses to tell how a sentence is sourced.

Each cue kind is a list of phrases. The model sees which kinds fire
(``service.features``); the report shows where they fire (``find_cues`` gives spans).
The lists follow ../shared/ATTRIBUTION_GUIDE.md and were extended from reading the
corpus; a cue is evidence for the classifier, never a label by itself.

Phrases are matched on lowercased word tokens through a first-word index, not as one
regular expression per kind: nine large case-insensitive alternations cost ~150 µs a
sentence, the index ~20 µs, and the speed budget is 100 µs a sentence for everything.
Notation: ``kata(nya)`` is "kata" or "katanya"; a word ending in ``*`` matches any word
it begins (``kemen*``); a lone ``*`` matches any one word.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from service.memo import memoise_short

LEXICON: dict[str, str] = {
    "reporting_verb": """
        mengatakan | berkata | kata(nya) | ujar(nya) | ucap(nya) | tutur(nya) | menuturkan
        | menjelaskan | jelasnya | menegaskan | tegasnya | mengungkapkan | ungkap(nya)
        | menyampaikan | menyatakan | pernyataan(nya) | menyebut | menyebutkan | sebutnya
        | memperingatkan | membantah | menambahkan | tambahnya | imbuh(nya) | pungkas(nya)
        | lanjutnya | terangnya | menerangkan | paparnya | memaparkan | bebernya
        | membeberkan | kilahnya | klaimnya | mengklaim | mengakui | mengaku | menilai
        | mengimbau | meminta | mendesak | mengumumkan | melaporkan | mencatat | menulis
        | tulisnya | tanyanya | jawabnya | menurut(nya) | berdasarkan | dalam keterangan(nya)
        | saat dihubungi | dikonfirmasi | mengonfirmasi | menanggapi | menekankan | mengingatkan
        | memastikan | mengimbau | menduga | memprediksi | memperkirakan | berharap | optimistis
    """,
    "quote_tail": """
        katanya | ujarnya | ucapnya | tuturnya | tambahnya | imbuhnya | pungkasnya | lanjutnya
        | terangnya | paparnya | bebernya | jelasnya | tegasnya | ungkapnya | sebutnya | kilahnya
        | klaimnya | tulisnya | tanyanya | jawabnya | serunya | timpalnya | sambungnya
        | kata dia | ujar dia | ucap dia | tutur dia | kata ia | kata beliau | kata mereka
    """,
    "hedge": """
        disebut-sebut | disebut | dikabarkan | kabarnya | konon(nya) | diisukan | isu | isunya
        | rumor | rumornya | santer | beredar kabar | kabar beredar | disinyalir | ditengarai
        | diduga | diklaim | dilaporkan | diyakini | dipercaya | diperkirakan | dinilai
        | dianggap | dirasa | diprediksi | ditaksir | spekulasi | gosip
    """,
    "platform": """
        cuit | cuitan(nya) | mencuit | kicauan(nya) | berkicau | twit | tweet | twitter
        | instagram | tiktok | facebook | youtube | threads | akun * | @* | unggahan(nya)
        | diunggah | mengunggah | postingan(nya) | posting | instagram story | instastory
        | siaran langsung | live streaming | viral | media sosial | medsos | warganet
        | netizen | pesan berantai | grup whatsapp | whatsapp | kolom komentar | x.com
    """,
    # The prefixed verbs catch a relay glued to a lower-case outlet name ("DilansirdetikTravel"),
    # which _tokens cannot split; fact-checks relay whole articles ("Disadur dari artikel …").
    "relay": """
        dikutip dari | seperti dikutip | dikutip | mengutip | melansir | dilansir
        | seperti diberitakan | diberitakan | menurut laporan | dalam laporan(nya)
        | sebagaimana dilaporkan | seperti dilaporkan | dilaporkan oleh
        | kepada wartawan | dalam wawancara | wawancara
        | disadur dari | pemberitaan | dalam artikel(nya) | artikel berjudul | dalam beritanya
        | menurut media | laporan * media | laporan media
        | dilansir* | melansir* | dikutip* | mengutip*
    """,
    "outlet": """
        reuters | afp | associated press | bbc | cnn | al jazeera | aljazeera | mirror
        | daily mail | the guardian | guardian | new york times | washington post | bloomberg
        | xinhua | sputnik | tass | yonhap | kyodo | nhk | abc news | nbc | fox news | the sun
        | telegraph | independent | kompas | kompas.com | kompas.tv | detik | detikcom
        | detik.com | tempo | tempo.co | antara | kumparan | liputan6 | liputan6.com | tribun*
        | okezone | sindonews | republika | merdeka.com | suara.com | cnbc | kontan | katadata
        | jakarta post | espn | goal | marca | sky sports | football italia | the athletic
        | gazzetta | variety | billboard | soompi | allkpop | dispatch | scmp | straits times
        | channel newsasia | nikkei | forbes | the verge | techcrunch | media asing
        | media lokal | media setempat | portal berita | situs berita | laman berita
    """,
    "expert": """
        pengamat | analis | peneliti | ahli | pakar | dosen | guru besar | profesor | ekonom
        | psikolog | sosiolog | akademisi | dokter | dr | saksi | penulis | aktivis | artis
        | penyanyi | aktor | aktris | pelatih | pemain | atlet | pebalap | youtuber | influencer
        | selebgram | komedian | ayah | ibu | istri | suami
        | kakak | adik | teman | sahabat | mahasiswa | siswa | pengacara | kuasa hukum
    """,
    "own_earlier": """
        seperti diberitakan sebelumnya | sebagaimana diberitakan sebelumnya
        | diberitakan sebelumnya | seperti diberitakan kemarin
    """,
    # "sumber itu" and "kata sumber" carry an unnamed source on from sentence to sentence;
    # unnamed groups of experts ("para pakar", "sejumlah pengamat") are anonymous by rule 14,
    # and the train articles' readers label an unnamed study ("sebuah penelitian") the same.
    "anonymity": """
        enggan disebut(kan) | tak mau disebut(kan) | tidak mau disebut(kan)
        | tidak ingin disebut(kan) | tak ingin disebut(kan) | tak bersedia disebut(kan)
        | tidak bersedia disebut(kan) | minta namanya | identitasnya | tanpa nama
        | anonim | sumber internal | sumber yang | sumber di | sumber dari | sumber dekat
        | orang dekat | seorang pejabat | seorang sumber | seorang warga | seorang petugas
        | seorang pegawai | seorang saksi | seorang karyawan | seorang diplomat
        | pejabat senior | beberapa pejabat | beberapa sumber | beberapa warga | beberapa pihak
        | sejumlah sumber | sejumlah pejabat | sejumlah warga | sejumlah pihak | warga setempat
        | para pengamat | kalangan | pihak tertentu | sumber terpercaya | menurut sumber
        | sumber itu | kata sumber | ujar sumber | tutur sumber | sumber mengatakan
        | sumber militer | para pakar | para ahli | para analis | sejumlah ahli | sejumlah pakar
        | sejumlah pengamat | sejumlah analis | beberapa pengamat | beberapa ahli | beberapa analis
        | pejabat itu | pejabat tersebut | seorang polisi | sebuah penelitian | sebuah studi
    """,
    "official": """
        presiden | wakil presiden | wapres | menteri | menko | wamen | kementerian | kemen*
        | kemlu | pemerintah | pemprov | pemkab | pemkot | gubernur | wagub | bupati
        | wali kota | walikota | camat | lurah | kepala desa | kades | dpr | dprd | mpr | dpd
        | kpk | kpu | bawaslu | kejaksaan | kejagung | kejati | kejari | jaksa | hakim
        | pengadilan | mahkamah | polri | polisi | kepolisian | polda | polres | polsek
        | polrestabes | kapolri | kapolda | kapolres | kapolsek | kasat* | kabid | kasubdit
        | dirreskrim* | kombes | akbp | kompol | iptu | ipda | brigjen | irjen | tni | kodam
        | kodim | pangdam | panglima | kasad | bnpb | bpbd | bmkg | bps | bpom | ojk
        | bank indonesia | basarnas | bnn | bnpt | bssn | kominfo | komdigi | ombudsman
        | komnas ham | kpai | juru bicara | jubir | humas | kepala | direktur | dirut | ketua
        | sekretaris | sekjen | kadis | dinas | badan | lembaga | komisi | otoritas | pbb
        | who | unicef | imf | bank dunia | world bank | nato | uni eropa | asean | kedutaan
        | duta besar | dubes | kremlin | gedung putih | pentagon | intelijen | militer
        | siaran pers | rilis | keterangan resmi | keterangan tertulis | konferensi pers
        | jumpa pers | laman resmi | situs resmi | website resmi | data resmi | perusahaan
        | manajemen | partai | pssi | fifa | uefa | klub | pihak * | istana
    """,
}

_FURNITURE = (
    r"^(?:baca juga|baca selengkapnya|lihat juga|simak|tonton|ikuti|klik|advertisement|"
    r"scroll to continue|komentar|posting komentar|editor\s*:|penulis\s*:|reporter\s*:|"
    r"sumber\s*:|a post shared by|\[gambas|dapatkan|download|unduh|follow|share|bagikan|"
    r"artikel ini|halaman selanjutnya|tag\s*:|foto\s*:|video\s*:|\(\w{2,4}/\w{2,4}\)$)"
)

_PRONOUN_SUBJECT = r"^(?:[\"“]?\s*)?(?:ia|dia|beliau|mereka|pihaknya|kami|keduanya)\b"

FURNITURE = re.compile(_FURNITURE, re.IGNORECASE)
PRONOUN_SUBJECT = re.compile(_PRONOUN_SUBJECT, re.IGNORECASE)
_WORD = re.compile(r"@?\w+(?:[-.]\w+)*")
# Scraped text loses the space before a link or a tag: "MelansirEuronews", "dikutipGizchina".
_GLUED = re.compile(r"[a-z][A-Z]")


class Cue(NamedTuple):
    """One cue found in a sentence: its kind and its span in that sentence."""

    kind: str
    start: int
    end: int
    text: str


def _expand(phrase: str) -> list[tuple[str, ...]]:
    """Spell out ``kata(nya)`` into ("kata",) and ("katanya",)."""
    variants = [[]]
    for word in phrase.split():
        optional = re.fullmatch(r"(\S+)\((\w+)\)", word)
        forms = [optional.group(1), optional.group(1) + optional.group(2)] if optional else [word]
        variants = [v + [form] for v in variants for form in forms]
    return [tuple(v) for v in variants]


def _build_index() -> tuple[dict[str, list], list]:
    """Index phrases by their first word; phrases whose first word is a prefix go in a list.

    Each entry is (kind, words, rest): ``rest`` lists the words after the first when none of
    them is a pattern, so that they are compared as one list; otherwise it is None.
    """
    exact: dict[str, list] = {}
    by_prefix: list = []
    for kind, phrases in LEXICON.items():
        for phrase in phrases.split("|"):
            for words in _expand(phrase.strip()):
                rest = None if any(word.endswith("*") for word in words[1:]) else list(words[1:])
                entry = (kind, words, rest)
                if words[0].endswith("*"):
                    by_prefix.append((words[0][:-1], entry))
                else:
                    exact.setdefault(words[0], []).append(entry)
    return exact, by_prefix


_EXACT, _BY_PREFIX = _build_index()
_PREFIXES = tuple(prefix for prefix, _ in _BY_PREFIX)


def _word_matches(pattern: str, word: str) -> bool:
    if pattern == "*":
        return True
    if pattern.endswith("*"):
        return word.startswith(pattern[:-1]) and len(word) > len(pattern) - 1
    return word == pattern


# Memoised: the model's features and the report's cues and sources all ask for the same
# sentences; sentences longer than any ordinary one are not kept (service/memo.py).
@memoise_short(max_chars=1000, entries=8192)
def find_cues(sentence: str) -> tuple[Cue, ...]:
    """Every cue in ``sentence``, ordered by position."""
    tokens = _tokens(sentence)
    words_found = [word for _, _, word in tokens]
    cues = []
    for i, (start, _, word) in enumerate(tokens):
        entries = _EXACT.get(word, [])
        if word.startswith(_PREFIXES):
            entries = entries + [entry for prefix, entry in _BY_PREFIX if _word_matches(prefix + "*", word)]
        for kind, words, rest in entries:
            end_index = i + len(words) - 1
            if end_index >= len(tokens):
                continue
            if (words_found[i + 1:end_index + 1] == rest if rest is not None
                    else all(_word_matches(p, tokens[i + k][2]) for k, p in enumerate(words[1:], 1))):
                end = tokens[end_index][1]
                cues.append(Cue(kind, start, end, sentence[start:end]))
    return tuple(cues)


def _tokens(sentence: str) -> list[tuple[int, int, str]]:
    """(start, end, lowercased word) of each word; a word glued to the next by lost
    whitespace ("MelansirEuronews") is split where a capital follows a small letter, and
    pieces that together are a cue stay together ("TikTok", "diWhatsApp" -> di, WhatsApp)."""
    tokens = []
    end, find = 0, sentence.find
    # Each word found where the previous one ended: no character before it could start a word.
    for word in _WORD.findall(sentence):
        start = find(word, end)
        end = start + len(word)
        tokens.append((start, end, word.lower()))
    # A capital after a small letter: both are word characters, so each lies inside one word.
    glued = [m.start() + 1 for m in _GLUED.finditer(sentence)]
    if not glued:
        return tokens
    split = []
    next_cut = 0
    for start, end, word in tokens:
        cuts = []
        while next_cut < len(glued) and glued[next_cut] < end:
            cuts.append(glued[next_cut])
            next_cut += 1
        if not cuts or word in _EXACT:
            split.append((start, end, word))
            continue
        pieces = list(zip([start, *cuts], [*cuts, end]))
        while pieces:
            (a, b), rest = pieces[0], pieces[1:]
            if rest and sentence[a:rest[0][1]].lower() in _EXACT:
                (a, b), rest = (a, rest[0][1]), rest[1:]
            split.append((a, b, sentence[a:b].lower()))
            pieces = rest
    return split
