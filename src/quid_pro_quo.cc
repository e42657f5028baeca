#include "quid_pro_quo.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "hash.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace meetintent {
namespace {

// All phrases are case-folded, as the normalizer leaves text. Strong asks are
// private or intimate ("just us", "my place"); weak asks are ordinary social
// invitations ("dinner", "drinks") that need more evidence. Polite formulas
// ("I'd be grateful if", "je vous serais reconnaissant") and business travel
// ("the hotel") are deliberately not asks.
constexpr std::string_view kBenefitPhrases[] = {
    // en
    "refer you", "referral", "a referral", "put in a word", "put in a good word", "good word",
    "recommend you", "recommendation", "introduce you", "intro", "connect you", "interview",
    "the job", "a job", "the position", "the role", "a role", "job offer", "the offer",
    "hiring manager", "my contacts", "my network", "contacts", "help your career", "fast-track",
    "fast track", "promotion", "internship", "get you in", "open doors", "shortlist",
    "the contract", "the deal", "funding", "invest", "mentor you", "mentorship", "the part",
    "a part", "the gig", "recommend", "referring you", "vouch for you", "the opening",
    "the account", "sign off on", "my investors", "put you forward", "put your name forward",
    "a callback", "is yours", "basically yours", "job's yours", "role's yours", "contract's yours",
    "part's yours", "spot's yours", "schedule's yours", "are yours", "open a few doors",
    "doors for you", "intros", "set up intros", "make the call", "make the calls", "make a call",
    "my vote", "interview panel", "selection committee", "i decide", "who decides", "signs off",
    "sign off", "sign the contract", "the contracts", "retainer", "the secondment", "the shifts",
    "cast", "casting", "the campaign", "recommendation letter", "get you the", "give you the",
    "i can get you", "bring you in", "commission", "the listing", "it's yours", "contracts",
    "term sheet", "a cheque", "a check", "the funding", "introductions", "an introduction",
    // es
    "recomendarte", "recomendación", "te recomiendo", "referirte", "presentarte", "te presento",
    "entrevista", "el puesto", "el trabajo", "mis contactos", "buena palabra", "hablar bien de ti",
    "enchufe", "la vacante", "las prácticas", "el contrato", "la plaza", "es tuyo", "es tuya",
    "yo decido",
    // fr
    "recommander", "recommandation", "te recommander", "vous recommander", "pistonner",
    "un bon mot", "glisser un mot", "te présenter", "vous présenter", "entretien", "le poste",
    "mes contacts", "mon réseau", "un stage", "appuyer ta candidature", "vous obtenir", "t'obtenir",
    "ce stage", "est à vous", "est à toi", "c'est moi qui décide", "le contrat",
    // de
    "empfehlen", "empfehlung", "ein gutes wort", "gutes wort", "vorstellen", "vorstellungsgespräch",
    "die stelle", "den job", "kontakte", "netzwerk", "praktikum", "beförderung", "weiterempfehlen",
    "stelle", "dafür sorgen", "vertrag", "ein anruf von mir", "ich entscheide",
    // pt
    "indicar", "indicação", "recomendar", "recomendação", "uma boa palavra", "falar bem de você",
    "apresentar", "a vaga", "o emprego", "meus contatos", "minha rede", "estágio", "te indicar",
    "vaga", "a campanha", "eu quem decide", "o contrato", "é tua", "é teu", "é sua", "é seu",
    // it
    "raccomandare", "raccomandazione", "segnalare", "una buona parola", "buona parola",
    "presentarti", "colloquio", "il posto", "il lavoro", "i miei contatti", "la mia rete",
    "promozione", "segnalarti", "tirocinio", "il ruolo", "è suo", "è tuo", "decido io",
    "il contratto",
    // zh
    "内推", "推荐", "引荐", "介绍", "面试", "职位", "工作机会", "人脉", "美言", "说好话", "转正",
    "升职", "录用", "岗位", "我说了算", "让你进来", "合同", "我来安排",
    // ja
    "紹介", "推薦", "口添え", "口利き", "面接", "ポジション", "採用", "人脈", "コネ", "インターン",
    "枠", "一存", "役", "契約"};

constexpr std::string_view kStrongAskPhrases[] = {
    // en
    "just the two of us", "the two of us", "just us", "just you and me", "alone", "my place",
    "your place", "my apartment", "my flat", "my room", "a date", "date night", "get closer",
    "getting closer", "closer", "get to know you better", "get to know each other better",
    "know each other better", "how grateful", "be grateful to me", "you'll be grateful",
    "show your gratitude", "hotel room", "be nice to me", "nice to me", "weekend away",
    "spend the night", "stay over", "kiss", "romantic", "something in return", "sweet to me",
    "private dinner", "one on one dinner", "somewhere quiet", "no one else", "without the others",
    "keep it between us", "our little secret", "appreciate me", "show your appreciation",
    "show me you", "make it worth my while", "better acquainted", "acquainted", "my hotel",
    "take you out", "come out with me", "go out with me", "night out", "nightcap", "my car",
    "be nice", "be friendly", "stay after", "drink with me", "drinks with me", "come over",
    "close to", "i'm close with", "close with", "you know what i mean", "in person first",
    "how close", "keep me company", "come away with me", "nobody needs to know", "really close",
    "privately",
    // es
    "los dos solos", "a solas", "solos", "mi casa", "mi piso", "una cita", "cita",
    "conocernos mejor", "más cercanos", "sabrás agradecérmelo", "conocerte mejor", "en mi casa",
    "cenamos",
    // fr
    "en tête-à-tête", "tête-à-tête", "tous les deux", "seuls", "chez moi", "rendez-vous",
    "se rapprocher", "mieux se connaître", "saura me remercier", "rapproche", "rien que nous deux",
    "nous deux", "mon hôtel", "faire connaissance", "on fera connaissance",
    // de
    "zu zweit", "nur wir beide", "wir beide", "allein", "bei mir", "zu mir", "näher kennenlernen",
    "näherkommen", "dankbar zeigen", "nur wir zwei", "wir zwei", "uns näher", "nahestehen",
    "persönlich näher",  // pt
    "só nós dois", "a sós", "sozinhos", "minha casa", "meu apartamento", "um encontro",
    "nos conhecer melhor", "mais próximos", "saber retribuir", "te conhecer melhor",
    "conhecer melhor", "em casa", "retribuir",  // it
    "da soli", "noi due", "solo noi", "a casa mia", "un appuntamento", "conoscerci meglio",
    "avvicinarci", "essere riconoscente", "conoscerla meglio", "conoscerti meglio", "da me",
    "solo noi due", "a quattr'occhi", "albergo", "ci conosciamo meglio",
    // zh
    "单独", "两个人", "我们俩", "就我们", "我家", "酒店", "约会", "走近", "亲近", "更进一步",
    "表示一下", "懂事", "私下", "了解你", "就我们", "我公寓", "一个人来",
    // ja
    "二人きり", "二人で", "ふたりで", "ふたりきり", "うちで", "家で", "ホテル", "デート", "親密",
    "お礼", "悪いようにはしません", "気が利く", "個人的", "付き合って"};

constexpr std::string_view kWeakAskPhrases[] = {
    "dinner",     "drinks",    "a drink",  "wine",       "cocktails",     "weekend",
    "tonight",    "cena",      "cenar",    "una copa",   "copas",         "fin de semana",
    "dîner",      "un verre",  "week-end", "abendessen", "essen gehen",   "ein glas",
    "wochenende", "jantar",    "um drink", "uma bebida", "fim de semana", "cenare",
    "un drink",   "aperitivo", "吃饭",     "喝一杯",     "喝酒",          "周末",
    "飲みに",     "食事",      "週末"};

constexpr std::string_view kLinkPhrases[] = {"if",
                                             "only if",
                                             "as long as",
                                             "in exchange",
                                             "in return",
                                             "but first",
                                             "first",
                                             "provided",
                                             "on condition",
                                             "unless",
                                             "then i'll",
                                             "then i can",
                                             "you'd have to",
                                             "depends on",
                                             "it depends",
                                             "i help people who",
                                             "scratch my back",
                                             "quid pro quo",
                                             "once you",
                                             "after you",
                                             "in exchange for",
                                             "all it takes",
                                             "all you have to do",
                                             "fair trade",
                                             "one hand washes",
                                             "don't do favours",
                                             "don't do favors",
                                             "only for",
                                             "go a long way",
                                             "and we'll see",
                                             "we'll see about",
                                             "and i'll",
                                             "and then i'll",
                                             "then the",
                                             "first though",
                                             "in person first",
                                             "say yes and",
                                             "in return",
                                             "si",
                                             "solo si",
                                             "siempre que",
                                             "a cambio",
                                             "primero",
                                             "pero antes",
                                             "con tal de que",
                                             "una mano lava la otra",
                                             "seulement si",
                                             "à condition",
                                             "en échange",
                                             "en retour",
                                             "arrangement",
                                             "avant de",
                                             "mais d'abord",
                                             "d'abord",
                                             "pourvu que",
                                             "wenn",
                                             "falls",
                                             "nur wenn",
                                             "im gegenzug",
                                             "als gegenleistung",
                                             "aber zuerst",
                                             "vorher",
                                             "dafür",
                                             "sofern",
                                             "eine hand wäscht die andere",
                                             "nur für",
                                             "se",
                                             "só se",
                                             "desde que",
                                             "em troca",
                                             "mas antes",
                                             "contanto que",
                                             "solo se",
                                             "purché",
                                             "in cambio",
                                             "ma prima",
                                             "a patto che",
                                             "mas antes",
                                             "antes",
                                             "如果",
                                             "只要",
                                             "前提是",
                                             "作为交换",
                                             "条件是",
                                             "就看你",
                                             "的话",
                                             "不过",
                                             "都好说",
                                             "なら",
                                             "もし",
                                             "代わりに",
                                             "条件",
                                             "まずは",
                                             "次第",
                                             "その前に",
                                             "たら"};

// Words that untie a benefit from a personal ask, said to make an invitation
// next to a favour no trade: "the referral is done regardless", "a no changes
// nothing", "whatever you answer". Thread analysis reports no offer made of a
// message that says them. Kept to wordings that untie wherever they stand
// ("if you say no" also threatens, "without" also conditions).
constexpr std::string_view kUntiePhrases[] = {
    // en
    "regardless", "nothing to do with", "no matter what", "no matter how", "no matter whether",
    "changes nothing", "change nothing", "won't change anything", "won't change a thing",
    "doesn't change anything", "doesn't change a thing", "whatever you say", "whatever you answer",
    "whatever you decide", "whatever you choose", "whether you say yes or no", "unrelated",
    "completely separate", "separately", "either way",
    // de
    "unabhängig davon", "hat nichts damit zu tun", "hat nichts mit", "egal wie", "egal ob",
    "egal was", "ändert nichts", "ganz getrennt", "völlig getrennt", "davon getrennt",
    // es
    "pase lo que pase", "independientemente", "no tiene nada que ver", "no cambia nada",
    "sin ninguna relación", "aparte", "por separado", "digas lo que digas",
    "contestes lo que contestes", "respondas lo que respondas",
    // fr
    "quoi que tu", "quoi que vous", "indépendamment", "rien à voir", "ne change rien",
    "sans aucun lien", "sans aucun rapport", "séparément",
    // it
    "comunque vada", "indipendentemente", "non c'entra", "non cambia nulla", "non cambia niente",
    "senza alcun legame", "senza nessun legame", "separatamente",
    // pt
    "independentemente", "não tem nada a ver", "não muda nada", "totalmente separado",
    "totalmente separada", "completamente separado", "completamente separada", "à parte",
    // zh
    "无论", "不管", "没有关系", "无关", "不影响",
    // ja
    "関係ありません", "関係なく", "関係ない", "どちらでも", "影響しません", "影響はありません",
    "影響ない"};

struct PhraseList {
  CueKind kind;
  const std::string_view* phrases;
  size_t count;
};
template <size_t N>
constexpr PhraseList List(CueKind kind, const std::string_view (&phrases)[N]) {
  return PhraseList{kind, phrases, N};
}
constexpr PhraseList kLists[] = {
    List(CueKind::kBenefit, kBenefitPhrases), List(CueKind::kStrongAsk, kStrongAskPhrases),
    List(CueKind::kWeakAsk, kWeakAskPhrases), List(CueKind::kLink, kLinkPhrases),
    List(CueKind::kUntie, kUntiePhrases),
};

// The first byte at or after `from` that can lead a three-byte CJK character
// (>= 0xE3), or text.size(). Most text has none at all.
size_t NextCjkLead(std::string_view text, size_t from) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = from;
#if defined(__SSE2__)
  const __m128i lead = _mm_set1_epi8(static_cast<char>(0xE3));
  auto leads_at = [&](size_t at) {  // a bit per byte >= 0xE3 of the 16 from `at`
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + at));
    return static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_max_epu8(v, lead), v)));
  };
  for (; i + 16 <= n; i += 16) {
    if (const unsigned m = leads_at(i); m != 0) return i + static_cast<size_t>(__builtin_ctz(m));
  }
  if (i < n && n >= 16) {  // the last bytes, as the last lanes of the last 16
    const unsigned skip = static_cast<unsigned>(16 - (n - i));
    const unsigned m = leads_at(n - 16) >> skip << skip;
    return m != 0 ? n - 16 + static_cast<size_t>(__builtin_ctz(m)) : n;
  }
#endif
  while (i < n && s[i] < 0xE3) ++i;
  return i;
}

constexpr bool IsCjkPhrase(std::string_view p) {
  return !p.empty() && static_cast<unsigned char>(p[0]) >= 0xE3;
}

// Calls f(word) for each word of a (non-CJK) phrase. Hyphens split words as
// the tokenizer does ("tête-à-tête").
template <class F>
constexpr void ForEachWord(std::string_view phrase, F f) {
  size_t pos = 0;
  while (pos < phrase.size()) {
    size_t sp = pos;
    while (sp < phrase.size() && phrase[sp] != ' ' && phrase[sp] != '-') ++sp;
    f(phrase.substr(pos, sp - pos));
    pos = sp + 1;
  }
}

// Every phrase of the lists, in list order: on_cjk(kind, phrase) for a CJK
// phrase of at least one character, else on_words(kind, phrase).
template <class OnCjk, class OnWords>
constexpr void ForEachPhrase(OnCjk on_cjk, OnWords on_words) {
  for (const PhraseList& list : kLists) {
    for (size_t i = 0; i < list.count; ++i) {
      const std::string_view phrase = list.phrases[i];
      if (!IsCjkPhrase(phrase)) {
        on_words(list.kind, phrase);
      } else if (phrase.size() >= 3) {
        on_cjk(list.kind, phrase);
      }
    }
  }
}

// How many words, one-word phrases, longer phrases and CJK phrases the lists
// hold, and the bytes of those words and CJK phrases: the sizes of the
// index's arrays.
struct IndexSizes {
  size_t words = 0, singles = 0, pairs = 0, cjk = 0, bytes = 0;
  size_t longest = 0;  // bytes of the longest word or CJK phrase
  size_t wordless = 0;  // phrases of no word ("", "-"): there must be none
};
constexpr IndexSizes CountPhrases() {
  IndexSizes n;
  auto text = [&n](std::string_view t) {
    n.bytes += t.size();
    n.longest = std::max(n.longest, t.size());
  };
  ForEachPhrase(
      [&](CueKind, std::string_view phrase) {
        ++n.cjk;
        text(phrase);
      },
      [&](CueKind, std::string_view phrase) {
        size_t words = 0;
        ForEachWord(phrase, [&](std::string_view w) {
          ++words;
          text(w);
        });
        n.words += words;
        n.wordless += words == 0;
        ++(words == 1 ? n.singles : n.pairs);
      });
  return n;
}
constexpr IndexSizes kIndexSizes = CountPhrases();

// Word phrases indexed by their first word (phrases of one word) or first two
// words (longer ones), each split into words, and CJK phrases by their first
// character. Built by the compiler (kIndex): a thread analysis sets nothing
// up for it. Texts are offsets into one array of bytes, not pointers, so
// that loading the library relocates nothing in it.
struct Index {
  struct Text {
    uint16_t begin;  // into bytes
    uint8_t size;
  };
  struct Entry {
    uint64_t key;         // WordHash of the first word, or PairHash of the first two
    uint32_t first_word;  // into words
    uint16_t word_count;
    uint16_t bucket;  // Bucket(key)
    CueKind kind;
  };
  struct CjkEntry {
    uint32_t lead;    // the phrase's first three bytes (one character)
    uint16_t bucket;  // Bucket(lead)
    CueKind kind;
    Text phrase;
  };
  // Each array is grouped by bucket: bucket b's entries are
  // [starts[b], starts[b + 1]) (uint16_t: the lists hold under a thousand
  // phrases). Longest phrase first within a key, in list order otherwise.
  // The entries' words are compared in full, so a hash collision costs
  // nothing but a comparison. An empty bucket settles most token pairs and
  // characters.
  static constexpr int kBucketBits = 13;
  static constexpr size_t kBuckets = size_t{1} << kBucketBits;
  using Starts = std::array<uint16_t, kBuckets + 1>;
  static_assert(kIndexSizes.singles < 65536 && kIndexSizes.pairs < 65536 &&
                    kIndexSizes.cjk < 65536 && kIndexSizes.words <= UINT32_MAX &&
                    kIndexSizes.bytes < 65536 && kIndexSizes.longest < 256,
                "starts, first_word and Text hold every entry");
  static_assert(kIndexSizes.wordless == 0, "every cue phrase has a word");
  std::array<Entry, kIndexSizes.singles> singles{};
  std::array<Entry, kIndexSizes.pairs> pairs{};
  std::array<CjkEntry, kIndexSizes.cjk> cjk{};
  Starts single_starts{}, pair_starts{}, cjk_starts{};
  std::array<Text, kIndexSizes.words> words{};
  std::array<char, kIndexSizes.bytes> bytes{};
  // One bit per bucket of the first words of every phrase.
  std::array<uint64_t, kBuckets / 64> first_bits{};

  static constexpr uint32_t Lead3(const char* p) {
    return static_cast<uint32_t>(static_cast<unsigned char>(p[0])) << 16 |
           static_cast<uint32_t>(static_cast<unsigned char>(p[1])) << 8 |
           static_cast<unsigned char>(p[2]);
  }
  // The classifier's own word hash, so that its reading can lend it.
  static constexpr uint64_t WordHash(std::string_view w) { return WordHash2(w); }
  static constexpr uint64_t PairHash(uint64_t first, uint64_t second) {
    return first * 0x9E3779B97F4A7C15ull ^ second;
  }
  static constexpr uint16_t Bucket(uint64_t key) {
    return static_cast<uint16_t>((key * 0xD6E8FEB86659FD93ull) >> (64 - kBucketBits));
  }
  std::string_view View(Text t) const { return std::string_view(bytes.data() + t.begin, t.size); }
  // Appends `s` (at most kIndexSizes.longest bytes) to bytes from *end.
  constexpr Text Store(std::string_view s, size_t* end) {
    const Text t{static_cast<uint16_t>(*end), static_cast<uint8_t>(s.size())};
    for (char c : s) bytes[(*end)++] = c;
    return t;
  }
  bool MayBeFirstWord(uint64_t key) const {
    const uint32_t b = Bucket(key);
    return (first_bits[b >> 6] >> (b & 63)) & 1;
  }

  // Longest phrases first among those of one key, so "in exchange for"
  // wins over "in exchange" (CJK phrases: list order).
  static constexpr uint16_t Rank(const Entry& e) { return e.word_count; }
  static constexpr uint16_t Rank(const CjkEntry&) { return 0; }
  // Orders `entries` by bucket, by Rank (highest first) within one and list
  // order after that (a counting sort: stable), and sets where each bucket
  // starts.
  template <class E, size_t N>
  static constexpr void Group(std::array<E, N>* entries, Starts* starts) {
    Starts& s = *starts;  // all zero
    uint16_t top = 0;
    for (const E& e : *entries) {
      ++s[e.bucket + 1];
      top = Rank(e) > top ? Rank(e) : top;
    }
    for (size_t b = 0; b < kBuckets; ++b) s[b + 1] = static_cast<uint16_t>(s[b + 1] + s[b]);
    Starts next = s;
    std::array<E, N> grouped{};
    for (int rank = top; rank >= 0; --rank) {
      for (const E& e : *entries) {
        if (Rank(e) == rank) grouped[next[e.bucket]++] = e;
      }
    }
    *entries = grouped;
  }

  // The first entry of `key` among `entries` (grouped by `starts`) whose
  // words all match tokens from t.
  template <size_t N>
  const Entry* Match(const std::array<Entry, N>& entries, const Starts& starts, uint64_t key,
                     const std::vector<Token>& tokens, size_t t) const {
    const uint16_t b = Bucket(key);
    for (size_t i = starts[b]; i < starts[b + 1]; ++i) {
      const Entry& e = entries[i];
      if (e.key != key || t + e.word_count > tokens.size()) continue;
      bool match = true;
      for (size_t k = 0; k < e.word_count && match; ++k) {
        match = tokens[t + k].text == View(words[e.first_word + k]);
      }
      if (match) return &e;
    }
    return nullptr;
  }
};

constexpr Index BuildIndex() {
  Index index;
  size_t words = 0, singles = 0, pairs = 0, cjk = 0, bytes = 0;
  ForEachPhrase(
      [&](CueKind kind, std::string_view phrase) {
        const uint32_t lead = Index::Lead3(phrase.data());
        index.cjk[cjk++] =
            Index::CjkEntry{lead, Index::Bucket(lead), kind, index.Store(phrase, &bytes)};
      },
      [&](CueKind kind, std::string_view phrase) {
        const size_t first = words;
        std::string_view first_two[2];
        ForEachWord(phrase, [&](std::string_view w) {
          if (words - first < 2) first_two[words - first] = w;
          index.words[words++] = index.Store(w, &bytes);
        });
        const auto count = static_cast<uint16_t>(words - first);
        uint64_t key = Index::WordHash(first_two[0]);
        const uint16_t b = Index::Bucket(key);
        index.first_bits[b >> 6] |= uint64_t{1} << (b & 63);
        if (count > 1) key = Index::PairHash(key, Index::WordHash(first_two[1]));
        const Index::Entry e{key, static_cast<uint32_t>(first), count, Index::Bucket(key), kind};
        if (count == 1) {
          index.singles[singles++] = e;
        } else {
          index.pairs[pairs++] = e;
        }
      });
  Index::Group(&index.singles, &index.single_starts);
  Index::Group(&index.pairs, &index.pair_starts);
  Index::Group(&index.cjk, &index.cjk_starts);
  return index;
}

constexpr Index kIndex = BuildIndex();

// The cue phrases of whole words, hash_of(t) giving token t's WordHash.
template <class HashOf>
void FindWordCues(const Index& index, const std::vector<Token>& tokens, HashOf hash_of,
                  std::vector<Cue>* out) {
  const size_t n = tokens.size();
  for (size_t t = 0; t < n; ++t) {
    const uint64_t here = hash_of(t);
    // Most tokens begin no phrase: one test settles them.
    if (!index.MayBeFirstWord(here) || tokens[t].text.empty()) continue;
    const Index::Entry* e = nullptr;
    if (t + 1 < n) {
      const uint64_t pair = Index::PairHash(here, hash_of(t + 1));
      e = index.Match(index.pairs, index.pair_starts, pair, tokens, t);
    }
    if (e == nullptr) e = index.Match(index.singles, index.single_starts, here, tokens, t);
    if (e != nullptr) {
      out->push_back(Cue{e->kind, tokens[t].begin, tokens[t + e->word_count - 1].end});
    }
  }
}

}  // namespace

void FindCues(std::string_view text, const std::vector<Token>& tokens, const uint64_t* word_hashes,
              std::vector<Cue>* out, bool ascii_input) {
  const Index& index = kIndex;
  if (word_hashes != nullptr) {
    FindWordCues(index, tokens, [word_hashes](size_t t) { return word_hashes[t]; }, out);
  } else {
    // A token that may begin a phrase has the next one hashed too: kept for
    // its own turn.
    size_t hashed = SIZE_MAX;
    uint64_t hash = 0;
    FindWordCues(index, tokens, [&](size_t t) {
      if (t != hashed) {
        hash = Index::WordHash(tokens[t].text);
        hashed = t;
      }
      return hash;
    }, out);
  }
  if (ascii_input) return;
  // CJK phrases: at each three-byte character, the phrases starting with it.
  bool sorted = true;
  const size_t before = out->size();
  for (size_t i = NextCjkLead(text, 0); i + 3 <= text.size(); i = NextCjkLead(text, i + 1)) {
    const uint32_t lead = Index::Lead3(text.data() + i);
    const uint16_t b = Index::Bucket(lead);
    for (size_t k = index.cjk_starts[b]; k < index.cjk_starts[b + 1]; ++k) {
      const Index::CjkEntry& e = index.cjk[k];
      const std::string_view phrase = index.View(e.phrase);
      if (e.lead == lead && text.compare(i, phrase.size(), phrase) == 0) {
        out->push_back(
            Cue{e.kind, static_cast<uint32_t>(i), static_cast<uint32_t>(i + phrase.size())});
        sorted = false;
      }
    }
  }
  if (!sorted && before > 0) {
    std::stable_sort(out->begin(), out->end(),
                     [](const Cue& a, const Cue& b) { return a.begin < b.begin; });
  }
}

}  // namespace meetintent
