"""Feature code on real sentences: cue detection, quotation state, context."""

from __future__ import annotations

import gzip
import json

import pytest

from service.cues import find_cues
from service.features import _entity_memory, article_records, fact_check_sections, read_article
from service.segmentation import segment_sentences
from tests.conftest import SHARED, read_seed

# TurnBackHoax fact-checks in their 2025 and 2018 layouts.
FACT_CHECK_2025 = "gikirima_indonews2025-08620"
FACT_CHECK_2018 = "turnbackhoax2018_caldev-00077"
DEBUNK_2018 = "turnbackhoax2018_caldev-00001"  # a relayed denial, no check header


def kinds(sentence: str) -> set[str]:
    return {cue.kind for cue in find_cues(sentence)}


def test_cues_on_seed_sentences():
    assert "hedge" in kinds("Kim Jong-un disebut menolak permintaan itu karena menganggap apa yang dilakukan Rusia terlalu gila.")
    assert {"relay", "outlet"} <= kinds("Seperti dikutip Mirror, Rusia juga meminta bantuan Korea Utara.")
    assert "platform" in kinds("“Rusia dilaporkan telah meminta bantuan,” cuit Hurst di akun Twitter miliknya.")
    assert "official" in kinds("Tetapi pihak China membantah telah melakukannya.")
    assert "quote_tail" in kinds("“Korea Utara merespon,’Anda terlalu gila untuk kami’,” tambahnya.")


def test_cues_on_corpus_sentences():
    anonymous = "Menurut seorang pejabat yang enggan disebut namanya, rapat itu ditunda."
    assert "anonymity" in kinds(anonymous)
    assert "own_earlier" in kinds("Seperti diberitakan sebelumnya, banjir melanda Bekasi sejak Senin.")
    assert "official" in kinds("Kapolres Cirebon Kota, AKBP Eko Iskandar mengatakan, penambangan dihentikan.")
    assert "platform" in kinds("Unggahan itu viral dan ramai dikomentari warganet.")
    assert kinds("Tetapi perlawanan pasukan dan warga Ukraina terhadap tentara Rusia tetap tinggi.") == set()
    # Unnamed sources as the train articles name them: "sumber itu" picking up an earlier
    # source, "tidak ingin disebutkan namanya", unnamed groups of experts.
    assert "anonymity" in kinds("Ini sangat disayangkan dan saya harap dia segera bangun,\" kata sumber itu.")
    assert "anonymity" in kinds("Pernyataan Observatorium itu juga dikonfirmasi oleh sumber militer yang tidak ingin disebutkan namanya.")
    assert "relay" in kinds("Pemeriksaan Fakta Disadur dari artikel Cek Fakta tempo.co.")
    assert "relay" in kinds(
        "Faktanya, narator dalam video hanya membaca ulang pemberitaan bisnis.com “KPK Dukung Inpres Prabowo, "
        "Bakal Pangkas Perdin dan Operasional Kantor” yang tayang Selasa (28/1/2025).")
    assert "anonymity" in kinds("Sejumlah pakar penerbangan telah membantah klaim yang menyebut jejak putih yang muncul di langit usai pesawat melintas adalah chemtrail.")
    # Phrases that read as a source only in some contexts are left out: "orang dalam" is
    # mostly "people in", "dalam berita" mostly "Berita Acara" or "Berita Negara".
    assert "anonymity" not in kinds("Satu orang dalam keadaan kritis dan dua lainnya luka ringan.")
    assert "relay" not in kinds("Aturan itu dimuat dalam Berita Negara Republik Indonesia tahun 2020.")


def test_words_glued_by_lost_whitespace_are_read_apart():
    # Corpus sentences whose scrape lost the space before a linked outlet's name.
    sentence = "Dukungan Jerman untuk Israel itu, seperti dilansirAl Arabiya, Rabu (18/6/2025), disampaikan langsung."
    assert [(c.kind, c.text) for c in find_cues(sentence) if c.kind == "relay"] == [("relay", "dilansir")]
    glued = "“Saya dengan tegas merasa yakin,” lanjut dia kepadaUnited We Stand, dikutipMirror."
    assert [(c.kind, c.text) for c in find_cues(glued)] == [("relay", "dikutip"), ("outlet", "Mirror")]
    # Glued to a lower-case outlet name the capital comes too late to split on.
    lower = "DilansirdetikTravel, perempuan berusia 26 tahun itu diduga diculik sesaat setelah dia tiba di Thailand."
    assert "relay" in kinds(lower)
    # A platform glued to the word before it is read whole.
    assert [(c.kind, c.text) for c in find_cues("Pesan itu beredar diWhatsApp dan keYouTube.")] == [
        ("platform", "WhatsApp"), ("platform", "YouTube")]
    # A camel-cased platform stays one word.
    assert [(c.kind, c.text) for c in find_cues("Videonya viral di TikTok dan WhatsApp.")] == [
        ("platform", "viral"), ("platform", "TikTok"), ("platform", "WhatsApp")]


def test_cue_spans_are_exact():
    sentence = "Dilansir dari Reuters, Kremlin menyebut @kremlin_ru mengunggah video."
    for cue in find_cues(sentence):
        assert sentence[cue.start:cue.end] == cue.text


def test_hedge_inside_a_quotation_is_marked_as_quoted():
    title, text = read_seed()
    sentences = [s.text for s in segment_sentences(text)]
    records = article_records(read_article(sentences), title)
    tweet = records[1 + 11]["features"]  # the headline comes first
    assert "cue:hedge@quote" in tweet and "cue:hedge" not in tweet
    assert "tail:cue:platform" in tweet
    follow_up = records[1 + 12]["features"]
    assert "cue:quote_tail" in follow_up and "ante:cue:platform" in follow_up
    assert records[0]["features"]["headline"] == 1.0
    assert "cue:hedge" in records[0]["features"]


# Guide rules 3 and 4: a hedge word given its agent or its speaker is not hearsay in the
# article's own voice. Real corpus sentences.
@pytest.mark.parametrize("sentence, expected", [
    ("Klaim juga telah disebut sebagai mitos oleh Public Health Communications Collaborative (PHCC).",
     {"hedge:agent_oleh"}),
    ("Hal tersebut dirasa wajar oleh Putu, mengingat jumlah investasi yang cukup besar, penyerapan tenaga "
     "kerja yang cukup banyak, serta melibatkan pemasok lokal.", {"hedge:agent_oleh"}),
    # Unmarked quotations closed by a quote tail: the hedge word is the speaker's.
    ("Kalau ada isu, konsumen level II bisa takut dan tidak mau mengkonsumsi, tuturnya.", {"hedge:then_reported"}),
    ("Stroke tidak lagi bisa dianggap sebagai nasib yang tak bisa diubah, karena sebenarnya stroke bisa dicegah, "
     "ungkapnya di sela peluncuran stroke center.", {"hedge:then_reported"}),
    # "oleh karena itu" is a connector, not an agent; the words are still given to their speaker. (The corpus
    # sentence closes a quotation; its closing mark is left out here, where no opening one comes before it.)
    ("Karena dengan adanya eskalasi perang dagang, prospek pertumbuhan ekonomi Eropa dan Inggris dianggap semakin "
     "melemah oleh karena itu bank sentral segera bereaksi menurunkan suku bunga utama, kata Sri Mulyani.",
     {"hedge:then_reported"}),
    # No agent of the hedge: "oleh" names the agent of another passive verb, or there is none.
    ("Ia dikabarkan sempat didekati oleh Bayern Munchen.", set()),
    ("Korban diduga anggota TPNPB dan dibunuh oleh prajuritTNIhingga ditemukan tidak bernyawa dalam kondisi "
     "mengenaskan.", set()),
    ("Kim Jong-un disebut menolak permintaan itu karena menganggap apa yang dilakukan Rusia terlalu gila.", set()),
    # "oleh" too far from the hedge to be its agent; "kata" a noun, after no comma.
    ("Jika direktur rumah sakit tidak bertindak cepat, Soroka disebut bisa saja mencatat jumlah korban sipil "
     "terbanyak di Israel sejak pembantaian oleh Hamas pada 7 Oktober 2023.", set()),
    ("C diduga sudah menjadi korban pelecehan dalam bentuk sodomi hingga dua kali oleh Y.", set()),
    ("Ucapan Rizieq, yang viral dan menjadi dasar pelaporan, dinilai Habiburokhman jauh dari kata menistakan "
     "agama.", set()),
    # After the comma, a reporting verb that gives no words to a speaker ("menilai", not "kata").
    ("AKBP Nyoman, seperti disebut dalam pesan viral itu, menilai penggunaan stiker lebih baik dihentikan agar "
     "paket data Internet dan uang tidak cepat habis.", set()),
    # The hedge word belongs to an anonymity phrase (the first is a real sentence; the second, written for
    # this test, would read as hedged then reported if "disebut" counted as a hedge).
    ("Salah satu sumber petugas keamanan yang enggan disebut namanya mengatakan pada Reuters bahwa setidaknya ada "
     "empat korban jiwa.", set()),
    ("Seorang pejabat yang enggan disebut namanya, kata Reuters, membenarkan kabar itu.", set()),
    # Inside quotation marks the hedge is the quoted speaker's (rule 3): nothing to mark in the article's voice
    # (the first is the guide's rule-4 example put inside a quotation; the others are real).
    ("“Budi disebut sebagai tersangka oleh polisi,” kata Andi.", set()),
    ("\"Duh Miris banget, properti Reog Ponorogo dibakar karena dianggap benda berhala,\" ujar Yul dengan nada "
     "bertanya.", set()),
    ("“Spekulan nakal atau pemilik bawang putih selundupan tersebut diduga sengaja menimbun,” kata Agung dalam "
     "keterangan tertulis.", set()),
])
def test_a_hedge_with_its_agent_is_marked(sentence, expected):
    features = article_records(read_article([sentence]))[0]["features"]
    assert {name for name in features if name.startswith("hedge:")} == expected


# What "menurut"/"berdasarkan" says the claim rests on. Real sentences (the first is the seed's).
@pytest.mark.parametrize("sentence, expected", [
    ("Berdasarkan laporan dari Pemerintah Ukraina, Rusia telah kehilangan 13.500 pasukan, meski klaim Rusia "
     "jauh lebih sedikit dari itu.", {"according_to:official"}),
    ("Menurut dr Rocksy Fransisca SpS, dari RS Siloam, pertolongan pertama bagi penderita stroke adalah "
     "membaringkan tubuhnya.", {"according_to:expert"}),
    # The relay cue "Menurut laporan" begins with "menurut" itself, and no source follows it before the comma;
    # Syaiful's phrase ends at its comma (in the real sentence "para peserta" follows it, replaced here by a
    # title, "polisi", that the comma must keep out); "ahli" stands in the claim.
    ("Menurut laporan sebagian pengguna iPhone 6 Plus, iPhone berlayar terbesar itu ternyata mudah melengkung.",
     set()),
    ("Menurut Syaiful, polisi tidak hanya berasal dari Jawa Barat tetapi juga daerah lainnya.", set()),
    # With no comma, only the words right after "menurut" name the source ("pemerintah" is in the claim).
    ("Menurut Bahlil pemberian IUP tersebut merupakan bentuk keadilan yang diberikan pemerintah kepada seluruh "
     "masyarakat.", set()),
    # A hedge after "berdasarkan" is no source.
    ("Pernyataan Menteri KebudayaanFadli Zonyang menyebut tidak ada bukti kuat atas peristiwa itu dan hanya "
     "berdasarkan rumor, menuai kritik dari banyak kalangan.", set()),
    ("Berdasarkan hasil penelusuran, tidak ada penyataan dari ahli virologi dan peraih hadiah Nobel.", set()),
])
def test_what_menurut_names_is_marked(sentence, expected):
    features = article_records(read_article([sentence]))[0]["features"]
    assert {name for name in features if name.startswith("according_to:")} == expected


# Who stands where the speaker stands (rule 9), read apart from the claim's words. Real sentences.
@pytest.mark.parametrize("sentence, expected", [
    # After a verb of speech, up to the next comma (or eight words).
    ("Berdasar hasil pengecekan, kata Rony Teguh, Rismon Sianipar memang memiliki paper.", {"rony", "teguh"}),
    ("Kasihan pembudidaya lele, mereka tersinggung dan sangat terpukul dengan pemberitaan itu, ujar Kepala "
     "Dinas Perikanan dan Kelautan Provinsi Jawa Timur, Heru Tjahjono, Sabtu (31/10/2015).",
     {"kepala", "dinas", "perikanan", "dan", "kelautan", "provinsi", "jawa", "timur"}),
    # Before any other reporting verb, from the start of the clause: the expert's title, not "Bank".
    ("Pengamat Pasar Keuangan Ariston Tjendra mengatakan penguatan dolar AS terjadi karena didukung data "
     "indikator inflasi AS Juni 2025 yang dirilis lebih tinggi dari ekspektasi atau tidak berubah dibandingkan "
     "bulan sebelumnya.", {"pengamat", "pasar", "keuangan", "ariston", "tjendra"}),
    # Before a reporting verb after a quotation: the clause starts after the closing mark.
    ("\"Akan tetapi rokok elektronik bukan bebas bahaya dan atau terbukti membantu menurunkan berat badan, tidak "
     "ada bukti mengenai itu, sehingga tidak direkomendasikan untuk non-perokok,\" Jebb mengatakan.", {"jebb"}),
    # A relay before the speaker is the channel, not the speaker (the guide's rule-2 example).
    ("Dikutip dari Reuters, juru bicara Kremlin mengatakan Rusia tidak akan mundur.", {"juru", "bicara", "kremlin"}),
    # What "menurut"/"berdasarkan" names is left to according_to (test above); as the first reporting verb it
    # also keeps a later one ("meminta", whose subject is the claim's) from naming a speaker. The seed's sentences.
    ("Berdasarkan laporan dari Pemerintah Ukraina, Rusia telah kehilangan 13.500 pasukan, meski klaim Rusia "
     "jauh lebih sedikit dari itu.", set()),
    ("Menurut intelijen Amerika Serikat (AS), Rusia telah meminta bantuan finansial dan militer dari China untuk "
     "perang di Ukraina.", set()),
    ("Tetapi menurut penulis XSoviet News, Sarah Hurst, Kim Jong-un telah menepis permintaan bantuan Putin.", set()),
    # A reporting verb inside the quotation is the quoted speaker's, not the sentence's.
    ("“Saya tidak pernah mengatakan ada aliran sesat di IPB,” kata Arif, Selasa (5/6).", {"arif"}),
    # A quote tail names its speaker by a pronoun.
    ("“Jika pemerintah tidak bisa memberikan jawaban di depan atau di belakang kamera, jujur saja mereka tidak "
     "berguna,” tambahnya.", {"pronoun"}),
    # No reporting verb, no speaker.
    ("Operasi pencarian dan penyelamatan digelar untuk mencari awak kapal yang masih hilang.", set()),
])
def test_the_speakers_words_are_marked(sentence, expected):
    features = article_records(read_article([sentence]))[0]["features"]
    assert {name.removeprefix("speaker:") for name in features if name.startswith("speaker:")} == expected


# Who a name or a pronoun speaker is, read from the sentence that introduced it (rules 5 and 9).
# Real articles' sentences: a lawyer named in full, then by name alone; an analyst named in full,
# then "ujar Husni" and "Menurutnya"; an official speaking through relayed outlets, then by name.
ZAKKI = ["Terpisah kuasa hukum Sahara, Moh Zakki, mengatakan pihaknya saat ini fokus melaporkan dugaan "
         "pencemaran nama baik.",
         "Zakki menjelaskan bahwa pelaporan ini merupakan langkah awal."]
HUSNI = ["Pengamat kebijakan publik Sumatera Selatan M Husni Thamrin menyebut insiden kekerasan keluarga pasien "
         "terhadap dokter di RSUD Sekayu di Musi Banyuasin, harus menjadi perhatian semua pihak.",
         "\"Seharusnya pihak RSUD Sekayu menyediakan jalur keluhan yang tertib dengan menempatkan "
         "petugaspatient relationatau humas jaga.",
         "Hal itu agar emosi keluarga tersalurkan tanpa mengganggu layanan klinis di rumah sakit,\" ujar Husni, "
         "Jumat (15/8/2025).",
         "Menurutnya, rumah sakit harus benar-benar aman dengan SOP pengamanan yang tegas."]
DJOKO = ["Dilansir dari antaranews.com, cnnindonesia.com, republika.co.id, merdeka.com, wartaekonomi.co.id, dan "
         "netralnews.com, Sekretaris Jenderal Kementerian Perhubungan Djoko Sasono memastikan tidak ada pegawai "
         "Kemenhub yang ditahan pihak kepolisian terkait insiden kebakaran yang terjadi pada Minggu (8/7) dini hari.",
         "Djoko lebih lanjut mengatakan, kedua pegawai itu sudah dipulangkan."]
HUSNI_ROLE = {"pengamat", "kebijakan", "publik", "sumatera", "selatan", "m", "thamrin"}


def prefixed_features(sentences: list[str], prefix: str) -> list[set[str]]:
    return [{name.removeprefix(prefix) for name in record["features"] if name.startswith(prefix)}
            for record in article_records(read_article(sentences))]


@pytest.mark.parametrize("sentences, expected", [
    # A name alone takes the other words of the phrase that introduced it.
    (ZAKKI, [set(), {"terpisah", "kuasa", "hukum", "sahara", "moh"}]),
    # A pronoun speaker takes its antecedent's: the quote tail's, which is Husni's introduction.
    (HUSNI, [set(), set(), HUSNI_ROLE, HUSNI_ROLE]),
    # The introduction came through relayed outlets: the name carries that channel.
    (DJOKO, [set(), {"@relay", "com", "sekretaris", "jenderal", "kementerian", "perhubungan", "sasono"}]),
    # A pronoun after a relayed speaker carries the relay too (rule 5: the source and its channel).
    (["Dilansir dari tirto.id, Rio mengatakan, dirinya kaget saat dirinya ditulis berusia 15 tahun oleh panitia "
      "dalam laman resmi ASIAN Games 2018.",
      "Ia mengaku, saat umurnya 15 tahun, ia baru masuk SMA dan mulai belajar dayung."],
     [set(), {"@relay", "id", "rio"}]),
    # A quote tail after a post carries the post (the guide's rule-5 example; the seed's sentences).
    (["“Rusia dilaporkan telah meminta bantuan Korea Utara terkait invasi yang dilakukan ke Ukraina,” cuit Hurst di "
      "akun Twitter miliknya.",
      "“Korea Utara merespon,’Anda terlalu gila untuk kami’,” tambahnya."],
     [set(), {"@post"}]),
    # Not met before: nothing to carry.
    (ZAKKI[1:], [set()]),
])
def test_a_speakers_role_is_carried_from_its_introduction(sentences, expected):
    assert prefixed_features(sentences, "role:") == expected


@pytest.mark.parametrize("sentences, prefix, expected", [
    # Unnamed experts (rule 14) against a named one (rule 9). Real sentences.
    (["Analis memperkirakanIHSG hari inimasih akan melemah, salah satunya disebabkan tensi geopolitik luar "
      "negeri yang masih membara."], "speaker_name:", [{"no"}]),
    (["Pakar kesehatan menyebutkan jika ikan yang dikenal karena kumisnya ini termasuk dalam makanan yang rendah "
      "kolesterol."], "speaker_name:", [{"no"}]),
    # A name first in its sentence counts when the article capitalises it mid-sentence too.
    (ZAKKI, "speaker_name:", [{"yes"}, {"yes"}]),
    (["Menurut ahli gizi, jumlah keju yang dikonsumsi memiliki hubungan kuat dengan kondisikesehatan "
      "mentalseseorang."], "according_name:", [{"no"}]),
    (["Adapun, menurut Djoko, yang sebenarnya terjadi ialah dua pegawai Kemenhub itu hanya dimintai keterangan "
      "atas insiden kebakaran oleh polisi berpakaian preman."], "according_name:", [{"yes"}]),
    # A pronoun names nobody by itself and is left to the roles above.
    (HUSNI[3:], "according_name:", [set()]),
])
def test_whether_the_speaker_is_named(sentences, prefix, expected):
    assert prefixed_features(sentences, prefix) == expected


def test_multi_sentence_quotation_carries_the_closers_cues():
    sentences = ["Polisi datang ke lokasi.", "“Kami sudah siap.", "Semua aman,” cuit Budi di akun Instagram miliknya.",
                 "Hujan turun."]
    records = article_records(read_article(sentences))
    inside = records[1]["features"]
    assert inside["quote:inside"] == 1.0
    assert "closer:cue:platform" in inside
    assert "quote:inside" not in records[3]["features"]


def test_unclosed_quote_stops_after_a_few_sentences():
    sentences = ["“Awal kutipan tanpa penutup."] + [f"Kalimat biasa nomor {i}." for i in range(12)]
    records = article_records(read_article(sentences))
    assert "quote:inside" in records[1]["features"]
    assert "quote:inside" not in records[-1]["features"]


def test_only_sentences_and_words_of_ordinary_length_are_memoised():
    """A request of one endless sentence or word must not pin its size in a worker's caches."""
    from service import cues, headline_support

    long_sentence = "Kata dia " + "x" * 5_000 + "."
    before = cues.find_cues.cache_info().currsize
    assert cues.find_cues(long_sentence) == cues.find_cues.__wrapped__(long_sentence)
    assert cues.find_cues.cache_info().currsize == before
    cues.find_cues(f"Kata dia, hujan turun di kota {id(long_sentence)} yang jauh.")
    assert cues.find_cues.cache_info().currsize == before + 1
    words_before = headline_support.word_stems.cache_info().currsize
    headline_support.content_words("menolak " + "y" * 5_000)
    assert headline_support.word_stems.cache_info().currsize <= words_before + 1


def test_a_title_names_the_person_of_its_own_phrase_only():
    """From the seed: the writer is Sarah Hurst, not the Kim Jong-un after her name; and the
    ambassador Kim Song is then known as an official, not as a writer."""
    sentences = [
        "Tetapi menurut penulis XSoviet News, Sarah Hurst, Kim Jong-un telah menepis permintaan itu.",
        "Duta Besar Korea Utara di PBB, Kim Song juga mengungkapkan AS menjadi akar permasalahan.",
        "Kim menambahkan hal itu.",
    ]
    memory = _entity_memory(sentences, [find_cues(text) for text in sentences])
    assert memory.kind("Hurst", 0) == "expert" and memory.kind("Sarah", 0) == "expert"
    assert memory.kind("Kim", 0) is None
    assert memory.kind("Kim", 1) == "official"


@pytest.fixture(scope="module")
def fact_checks() -> dict[str, list[str]]:
    """The sentences of two real fact-checks, by corpus id."""
    with gzip.open(SHARED / "corpus" / "articles.jsonl.gz", "rt", encoding="utf-8") as lines:
        return {a["id"]: [span.text for span in segment_sentences(a["text"])]
                for a in map(json.loads, lines) if a["id"] in (FACT_CHECK_2025, FACT_CHECK_2018, DEBUNK_2018)}


def test_fact_check_sections_follow_the_checkers_headers(fact_checks):
    sentences = fact_checks[FACT_CHECK_2025]
    sections = fact_check_sections(sentences)
    assert sentences[0].startswith("Hasil Periksa Fakta") and sections[0] == "check"
    # "… = = = = = KATEGORI: … SUMBER: Pesan WhatsApp = = = = = NARASI: …": the chain message follows.
    assert "NARASI" in sentences[2] and sections[2] == "check"
    assert sentences[3].startswith("“Warning") and sections[3:7] == ["claim"] * 4
    # "(Lanjutan Narasi setelah bagian Referensi) = = = = = PENJELASAN:": the check, then
    # after the references the message resumes.
    assert sections[8:14] == ["check"] * 6
    assert sentences[15] == "[…]Assalaamu’alaykum." and sections[15] == "claim"


def test_fact_check_sections_in_the_2018_layout(fact_checks):
    sentences = fact_checks[FACT_CHECK_2018]
    sections = fact_check_sections(sentences)
    # The clarification's lead (the checker's own voice), then "===== KATEGORI: … ===== NARASI:
    # …", "===== PENJELASAN: …".
    assert sections[:3] == ["check"] * 3 and sections[3] == "claim"
    assert "===== PENJELASAN" in sentences[9] and sections[10] == "check"


def test_without_a_check_marker_only_the_announced_claim_is_the_claim(fact_checks):
    sentences = fact_checks[DEBUNK_2018]
    sections = fact_check_sections(sentences)
    assert "beredar kabar" in sentences[1] and sections[1] == "claim"
    assert sentences[3].startswith("“Tidak ada itu") and sections[3:6] == ["check"] * 3


def test_headers_in_title_case_or_brackets_open_sections_too():
    sentences = ["Beredar pesan soal vaksin.", "=====[KATEGORI]: Hoaks =====[NARASI]: “Vaksin itu berbahaya.",
                 "Sebarkan!”", "===== Penjelasan: Kemenkes membantah pesan itu.", "Vaksin itu aman.",
                 "===== Kesimpulan: Pesan itu hoaks."]
    assert fact_check_sections(sentences) == ["claim", "claim", "claim", "check", "check", "conclusion"]


def test_a_narrative_with_no_explanation_header_stays_the_claim():
    sentences = ["Beredar pesan berantai soal virus.", "===== NARASI: “Virus mati pada suhu 27 derajat.",
                 "Minum air hangat.”", "===== KESIMPULAN: Hoaks."]
    assert fact_check_sections(sentences) == ["claim", "claim", "claim", "conclusion"]


@pytest.mark.parametrize("label,section", [("PENJELASAN:", "check"), ("Penjela\u017fan:", "check"),
                                           ("Fa\u212ata:", "check"), ("\u212aESIMPULAN:", "conclusion")])
def test_a_checkers_label_is_found_in_any_case(label, section):
    # LONG S and the KELVIN SIGN: IGNORECASE reads them as "s" and "k", lower() keeps them.
    assert fact_check_sections([f"{label} Pesan itu hoaks.", "Polisi membantahnya."]) == [section, section]


def test_news_that_says_faktanya_or_names_a_source_is_not_a_fact_check():
    assert fact_check_sections(["Harga cabai naik di Pasar Induk, kata pedagang.", "SUMBER: ANTARA"]) == [None, None]
    # indosum_dev_detok-00553's opening sentence, and a quotation that opens with "Faktanya".
    assert fact_check_sections([
        "Faktanya, India sudah lama membuat program yang dirancang untuk membuat warganya menabung.",
        "“Faktanya, kami tidak pernah kalah,” kata pelatih itu.",
    ]) == [None, None]
