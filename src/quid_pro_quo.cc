#include "quid_pro_quo.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "hash.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace meetintent {
namespace {

struct PhraseList {
  CueKind kind;
  std::vector<std::string_view> phrases;
};

// All phrases are case-folded, as the normalizer leaves text. Strong asks are
// private or intimate ("just us", "my place"); weak asks are ordinary social
// invitations ("dinner", "drinks") that need more evidence. Polite formulas
// ("I'd be grateful if", "je vous serais reconnaissant") and business travel
// ("the hotel") are deliberately not asks.
const std::vector<PhraseList>& Lexicon() {
  static const std::vector<PhraseList> lists = {
      {CueKind::kBenefit,
       {
           // en
           "refer you", "referral", "a referral", "put in a word", "put in a good word",
           "good word", "recommend you", "recommendation", "introduce you", "intro",
           "connect you", "interview", "the job", "a job", "the position", "the role", "a role",
           "job offer", "the offer", "hiring manager", "my contacts", "my network", "contacts",
           "help your career", "fast-track", "fast track", "promotion", "internship",
           "get you in", "open doors", "shortlist", "the contract", "the deal", "funding",
           "invest", "mentor you", "mentorship", "the part", "a part", "the gig", "recommend",
           "referring you", "vouch for you", "the opening", "the account", "sign off on",
           "my investors", "put you forward", "put your name forward", "a callback",
           "is yours", "basically yours", "job's yours", "role's yours", "contract's yours",
           "part's yours", "spot's yours", "schedule's yours", "are yours", "open a few doors",
           "doors for you", "intros", "set up intros", "make the call", "make the calls",
           "make a call", "my vote", "interview panel", "selection committee", "i decide",
           "who decides", "signs off", "sign off", "sign the contract", "the contracts",
           "retainer", "the secondment", "the shifts", "cast", "casting", "the campaign",
           "recommendation letter", "get you the", "give you the", "i can get you",
           "bring you in", "commission", "the listing", "it's yours", "contracts",
           "term sheet", "a cheque", "a check", "the funding", "introductions",
           "an introduction",
           // es
           "recomendarte", "recomendación", "te recomiendo", "referirte", "presentarte",
           "te presento", "entrevista", "el puesto", "el trabajo", "mis contactos",
           "buena palabra", "hablar bien de ti", "enchufe", "la vacante", "las prácticas",
           "el contrato", "la plaza", "es tuyo", "es tuya", "yo decido",
           // fr
           "recommander", "recommandation", "te recommander", "vous recommander", "pistonner",
           "un bon mot", "glisser un mot", "te présenter", "vous présenter", "entretien",
           "le poste", "mes contacts", "mon réseau", "un stage", "appuyer ta candidature",
           "vous obtenir", "t'obtenir", "ce stage", "est à vous", "est à toi", "c'est moi qui décide",
           "le contrat",
           // de
           "empfehlen", "empfehlung", "ein gutes wort", "gutes wort", "vorstellen",
           "vorstellungsgespräch", "die stelle", "den job", "kontakte", "netzwerk", "praktikum",
           "beförderung", "weiterempfehlen", "stelle", "dafür sorgen", "vertrag",
           "ein anruf von mir", "ich entscheide",
           // pt
           "indicar", "indicação", "recomendar", "recomendação", "uma boa palavra",
           "falar bem de você", "apresentar", "a vaga", "o emprego", "meus contatos",
           "minha rede", "estágio", "te indicar", "vaga", "a campanha", "eu quem decide",
           "o contrato", "é tua", "é teu", "é sua", "é seu",
           // it
           "raccomandare", "raccomandazione", "segnalare", "una buona parola", "buona parola",
           "presentarti", "colloquio", "il posto", "il lavoro", "i miei contatti", "la mia rete",
           "promozione", "segnalarti", "tirocinio", "il ruolo", "è suo", "è tuo", "decido io",
           "il contratto",
           // zh
           "内推", "推荐", "引荐", "介绍", "面试", "职位", "工作机会", "人脉", "美言", "说好话",
           "转正", "升职", "录用", "岗位", "我说了算", "让你进来", "合同", "我来安排",
           // ja
           "紹介", "推薦", "口添え", "口利き", "面接", "ポジション", "採用", "人脈", "コネ",
           "インターン", "枠", "一存", "役", "契約",
       }},
      {CueKind::kStrongAsk,
       {
           // en
           "just the two of us", "the two of us", "just us", "just you and me", "alone",
           "my place", "your place", "my apartment", "my flat", "my room", "a date",
           "date night", "get closer", "getting closer", "closer", "get to know you better",
           "get to know each other better", "know each other better", "how grateful",
           "be grateful to me", "you'll be grateful", "show your gratitude", "hotel room", 
           "be nice to me", "nice to me", "weekend away", "spend the night", "stay over",
           "kiss", "romantic", "something in return", "sweet to me", "private dinner",
           "one on one dinner", "somewhere quiet", "no one else", "without the others",
           "keep it between us", "our little secret", "appreciate me", "show your appreciation",
           "show me you", "make it worth my while", "better acquainted", "acquainted",
           "my hotel", "take you out", "come out with me", "go out with me", "night out",
           "nightcap", "my car", "be nice", "be friendly", "stay after", "drink with me",
           "drinks with me", "come over", "close to", "i'm close with", "close with",
           "you know what i mean", "in person first", "how close", "keep me company",
           "come away with me", "nobody needs to know", "really close", "privately",
           // es
           "los dos solos", "a solas", "solos", "mi casa", "mi piso", "una cita", "cita",
           "conocernos mejor", "más cercanos", "sabrás agradecérmelo", "conocerte mejor", "en mi casa", "cenamos",
           // fr
           "en tête-à-tête", "tête-à-tête", "tous les deux", "seuls", "chez moi", "rendez-vous",
           "se rapprocher", "mieux se connaître", "saura me remercier", 
           "rapproche", "rien que nous deux", "nous deux", "mon hôtel", "faire connaissance",
           "on fera connaissance",
           // de
           "zu zweit", "nur wir beide", "wir beide", "allein", "bei mir", "zu mir",
           "näher kennenlernen", "näherkommen", "dankbar zeigen",  "nur wir zwei", "wir zwei",
           "uns näher", "nahestehen", "persönlich näher", // pt
           "só nós dois", "a sós", "sozinhos", "minha casa", "meu apartamento", "um encontro",
           "nos conhecer melhor", "mais próximos", "saber retribuir",  "te conhecer melhor",
           "conhecer melhor", "em casa", "retribuir", // it
           "da soli", "noi due", "solo noi", "a casa mia", "un appuntamento",
           "conoscerci meglio", "avvicinarci", "essere riconoscente",  "conoscerla meglio",
           "conoscerti meglio", "da me", "solo noi due", "a quattr'occhi", "albergo",
           "ci conosciamo meglio",
           // zh
           "单独", "两个人", "我们俩", "就我们", "我家", "酒店", "约会", "走近", "亲近",
           "更进一步", "表示一下", "懂事", "私下", "了解你", "就我们", "我公寓", "一个人来",
           // ja
           "二人きり", "二人で", "ふたりで", "ふたりきり", "うちで", "家で", "ホテル", "デート",
           "親密", "お礼", "悪いようにはしません", "気が利く", "個人的", "付き合って",
       }},
      {CueKind::kWeakAsk,
       {
           "dinner", "drinks", "a drink", "wine", "cocktails", "weekend", "tonight",
           "cena", "cenar", "una copa", "copas", "fin de semana", "dîner", "un verre",
           "week-end", "abendessen", "essen gehen", "ein glas", "wochenende", "jantar",
           "um drink", "uma bebida", "fim de semana", "cenare", "un drink", "aperitivo",
           "吃饭", "喝一杯", "喝酒", "周末", "飲みに", "食事", "週末",
       }},
      {CueKind::kLink,
       {
           "if", "only if", "as long as", "in exchange", "in return", "but first", "first",
           "provided", "on condition", "unless", "then i'll", "then i can", "you'd have to",
           "depends on", "it depends", "i help people who", "scratch my back", "quid pro quo",
           "once you", "after you", "in exchange for", "all it takes", "all you have to do",
           "fair trade", "one hand washes", "don't do favours", "don't do favors", "only for",
           "go a long way", "and we'll see", "we'll see about", "and i'll", "and then i'll",
           "then the", "first though", "in person first", "say yes and", "in return",
           "si", "solo si", "siempre que", "a cambio", "primero", "pero antes",
           "con tal de que", "una mano lava la otra", "seulement si", "à condition",
           "en échange", "en retour", "arrangement", "avant de",
           "mais d'abord", "d'abord", "pourvu que", "wenn", "falls", "nur wenn",
           "im gegenzug", "als gegenleistung", "aber zuerst", "vorher", "dafür", "sofern",
           "eine hand wäscht die andere", "nur für",
           "se", "só se", "desde que", "em troca", "mas antes", "contanto que", "solo se",
           "purché", "in cambio", "ma prima", "a patto che", "mas antes", "antes",
           "如果", "只要", "前提是", "作为交换", "条件是", "就看你", "的话", "不过", "都好说",
           "なら", "もし", "代わりに", "条件", "まずは", "次第", "その前に", "たら",
       }},
  };
  return lists;
}

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

bool IsCjkPhrase(std::string_view p) {
  return !p.empty() && static_cast<unsigned char>(p[0]) >= 0xE3;
}

// Word phrases indexed by their first word (phrases of one word) or first two
// words (longer ones), each split into words. Flat arrays, built in a few
// allocations: the index is built once a process, and a thread analysis's
// set-up should cost little next to the messages it reads.
struct Index {
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
    std::string_view phrase;
  };
  // Each array is grouped by bucket: bucket b's entries are
  // [starts[b], starts[b + 1]) (uint16_t: the lists hold under a thousand
  // phrases). Longest phrase first within a key, in lexicon order otherwise.
  // The entries' words are compared in full, so a hash collision costs
  // nothing but a comparison. An empty bucket settles most token pairs and
  // characters.
  static constexpr int kBucketBits = 13;
  static constexpr size_t kBuckets = size_t{1} << kBucketBits;
  std::vector<Entry> singles, pairs;
  std::vector<CjkEntry> cjk;
  std::vector<uint16_t> single_starts, pair_starts, cjk_starts;  // kBuckets + 1 each
  std::vector<std::string_view> words;
  // One bit per bucket of the first words of every phrase.
  uint64_t first_bits[kBuckets / 64] = {};

  static uint32_t Lead3(const char* p) {
    return static_cast<uint32_t>(static_cast<unsigned char>(p[0])) << 16 |
           static_cast<uint32_t>(static_cast<unsigned char>(p[1])) << 8 |
           static_cast<unsigned char>(p[2]);
  }
  // The classifier's own word hash, so that its reading can lend it.
  static uint64_t WordHash(std::string_view w) { return WordHash2(w); }
  static uint64_t PairHash(uint64_t first, uint64_t second) {
    return first * 0x9E3779B97F4A7C15ull ^ second;
  }
  static uint16_t Bucket(uint64_t key) {
    return static_cast<uint16_t>((key * 0xD6E8FEB86659FD93ull) >> (64 - kBucketBits));
  }
  bool MayBeFirstWord(uint64_t key) const {
    const uint32_t b = Bucket(key);
    return (first_bits[b >> 6] >> (b & 63)) & 1;
  }
  // Sorts `entries` by bucket (stably, by `order` within one) and returns
  // where each bucket starts.
  template <class E, class Order>
  static std::vector<uint16_t> Group(std::vector<E>* entries, Order order) {
    std::stable_sort(entries->begin(), entries->end(), [&](const E& a, const E& b) {
      return a.bucket != b.bucket ? a.bucket < b.bucket : order(a, b);
    });
    // Buckets up to each entry's own start at it (filled a run at a time:
    // most buckets are empty).
    std::vector<uint16_t> starts(kBuckets + 1);
    size_t filled = 0;  // starts[0, filled) are set
    for (size_t i = 0; i < entries->size(); ++i) {
      const size_t b = (*entries)[i].bucket;
      if (b + 1 > filled) {
        std::fill(starts.begin() + filled, starts.begin() + b + 1, static_cast<uint16_t>(i));
        filled = b + 1;
      }
    }
    std::fill(starts.begin() + filled, starts.end(), static_cast<uint16_t>(entries->size()));
    return starts;
  }

  Index() {
    size_t phrases = 0;
    for (const PhraseList& list : Lexicon()) phrases += list.phrases.size();
    words.reserve(3 * phrases);
    singles.reserve(phrases);
    pairs.reserve(phrases);
    for (const PhraseList& list : Lexicon()) {
      for (std::string_view phrase : list.phrases) {
        if (IsCjkPhrase(phrase)) {
          if (phrase.size() >= 3) {
            const uint32_t lead = Lead3(phrase.data());
            cjk.push_back(CjkEntry{lead, Bucket(lead), list.kind, phrase});
          }
          continue;
        }
        const size_t first = words.size();
        size_t pos = 0;
        // Hyphens split words as the tokenizer does ("tête-à-tête").
        while (pos < phrase.size()) {
          size_t sp = pos;
          while (sp < phrase.size() && phrase[sp] != ' ' && phrase[sp] != '-') ++sp;
          words.push_back(phrase.substr(pos, sp - pos));
          pos = sp + 1;
        }
        const auto count = static_cast<uint16_t>(words.size() - first);
        uint64_t key = WordHash(words[first]);
        const uint16_t b = Bucket(key);
        first_bits[b >> 6] |= uint64_t{1} << (b & 63);
        std::vector<Entry>& to = count == 1 ? singles : pairs;
        if (count > 1) key = PairHash(key, WordHash(words[first + 1]));
        to.push_back(Entry{key, static_cast<uint32_t>(first), count, Bucket(key), list.kind});
      }
    }
    // Longest phrases first among those of one key, so "in exchange for"
    // wins over "in exchange".
    const auto longest_first = [](const Entry& a, const Entry& b) {
      return a.word_count > b.word_count;
    };
    single_starts = Group(&singles, longest_first);
    pair_starts = Group(&pairs, longest_first);
    cjk_starts = Group(&cjk, [](const CjkEntry&, const CjkEntry&) { return false; });
  }

  // The first entry of `key` among `entries` (grouped by `starts`) whose
  // words all match tokens from t.
  const Entry* Match(const std::vector<Entry>& entries, const std::vector<uint16_t>& starts,
                     uint64_t key, const std::vector<Token>& tokens, size_t t) const {
    const uint16_t b = Bucket(key);
    for (size_t i = starts[b]; i < starts[b + 1]; ++i) {
      const Entry& e = entries[i];
      if (e.key != key || t + e.word_count > tokens.size()) continue;
      bool match = true;
      for (size_t k = 0; k < e.word_count && match; ++k) {
        match = tokens[t + k].text == words[e.first_word + k];
      }
      if (match) return &e;
    }
    return nullptr;
  }
};

const Index& GetIndex() {
  static const Index index;
  return index;
}

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

void FindCues(std::string_view text, const std::vector<Token>& tokens,
              const uint64_t* word_hashes, std::vector<Cue>* out) {
  const Index& index = GetIndex();
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
  // CJK phrases: at each three-byte character, the phrases starting with it.
  bool sorted = true;
  const size_t before = out->size();
  for (size_t i = NextCjkLead(text, 0); i + 3 <= text.size(); i = NextCjkLead(text, i + 1)) {
    const uint32_t lead = Index::Lead3(text.data() + i);
    const uint16_t b = Index::Bucket(lead);
    for (size_t k = index.cjk_starts[b]; k < index.cjk_starts[b + 1]; ++k) {
      const Index::CjkEntry& e = index.cjk[k];
      if (e.lead == lead && text.compare(i, e.phrase.size(), e.phrase) == 0) {
        out->push_back(
            Cue{e.kind, static_cast<uint32_t>(i), static_cast<uint32_t>(i + e.phrase.size())});
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
