#include "salutation_names.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <iterator>

#include "affix.h"
#include "confusables.h"
#include "hash.h"
#include "meetintent/placeholder.h"

namespace meetintent {
namespace {

// Words that open a line before the name they address or introduce, in the
// eight languages, case-folded as normalization leaves them ("ß" reads
// "ss"): up to kMaxOpeners of them ("Thank you", "Good morning", "Dear Mr.",
// "Muito obrigada,", "Hi, I'm").
constexpr std::string_view kOpeners[] = {
    // English
    "hi", "hey", "hello", "hiya", "heya", "yo", "dear", "dearest", "morning", "evening",
    "afternoon", "good", "thanks", "thank", "you", "thx", "ty", "cheers", "bye", "love",
    "congrats", "congratulations", "welcome", "sorry", "ok", "okay", "sure", "yes", "oh",
    "i'm", "im",
    // Spanish
    "hola", "buenas", "buenos", "buen", "días", "dias", "tardes", "noches", "querido", "querida",
    "queridos", "queridas", "estimado", "estimada", "estimados", "muy", "gracias", "muchas",
    "felicidades", "enhorabuena", "perdona", "perdón", "vale", "sí", "oye", "adiós", "chao",
    "soy", "llamo",
    // Portuguese
    "olá", "ola", "oi", "bom", "boa", "dia", "tarde", "noite", "prezado", "prezada", "prezados",
    "caro", "cara", "caros", "obrigado", "obrigada", "muito", "valeu", "parabéns", "parabens",
    "desculpa", "ó", "tchau", "beijos", "beijo", "abraço", "abraços", "sou", "chamo",
    // French
    "bonjour", "bonsoir", "salut", "coucou", "cher", "chère", "chers", "chères", "merci",
    "beaucoup", "bravo", "félicitations", "pardon", "bises", "bisous", "allô", "allo", "suis",
    "m'appelle",
    // German
    "hallo", "moin", "servus", "liebe", "lieber", "liebes", "guten", "morgen", "tag", "abend",
    "danke", "dank", "vielen", "schönen", "tschüss", "tschüs", "grüss", "gruss", "grüsse",
    "herzlichen", "glückwunsch", "sehr", "geehrte", "geehrter", "bin", "heisse",
    // Italian
    "ciao", "salve", "buongiorno", "buonasera", "buon", "giorno", "cari", "care", "carissimo",
    "carissima", "gentile", "gentili", "gentilissimo", "gentilissima", "egregio", "grazie",
    "mille", "auguri", "complimenti", "scusa", "baci", "bacio", "sono", "chiamo",
};

// Titles before a surname ("Dear Mr. Okonkwo", "Sehr geehrte Frau Wójcik"),
// which a period may follow.
constexpr std::string_view kTitles[] = {
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "herr", "frau", "señor", "señora", "sr", "sra",
    "srta", "don", "doña", "monsieur", "madame", "mme", "mlle", "signor", "signore", "signora",
    "sig", "dott", "dottor", "dottoressa", "ing", "avv", "senhor", "senhora", "dona", "doutor",
    "doutora", "professor", "professora", "professeur", "profesor", "profesora", "dra", "lic",
    "mtro", "mtra", "arq", "eng", "enf", "profa", "dottssa", "maître", "docteur",
    "signorina",
};

// Words in a name's place that are not names: groups, kin, endearments,
// replies, interjections, days and sign-offs the lexicon (English) may not
// know.
constexpr std::string_view kNotNames[] = {
    // Kin and endearments, which say more than a name would
    "auntie", "aunty", "tonton", "tata", "tante", "tía", "tío", "tías", "tíos", "tia", "tio",
    "tias", "tios", "nonno", "nonna", "nonni", "zio", "zia", "zii", "papà", "papi", "mami",
    "mamá", "mamãe", "mãe", "pai", "painho", "mainha", "avó", "avô", "vó", "vô", "abuelo",
    "abuela", "abuelita", "abuelito", "abuelos", "oma", "opa", "mutti", "vati", "eltern",
    "familie", "família", "familia", "filhos", "hijos", "figli", "irmãos", "hermanos",
    "fratelli", "geschwister", "mija", "mijo", "schatzi", "corazón", "cariños", "amo", "nena",
    "nene", "bebê", "neném", "mec", "meuf", "ragazzo", "hase", "süsse", "süsser", "jungs",
    "mädels", "gents", "nachbar", "nachbarin", "mitbewohner", "mitbewohnerin",
    "mitbewohnerinnen", "mesdames", "madrinha", "padrinho", "madrina", "padrino",
    // Sign-offs alone on the last line
    "beijinhos", "beijinho", "beijão", "bjs", "bj", "bjo", "bjos", "abs", "att", "atte",
    "cordialmente", "abrazo", "abrazos", "besitos", "respectueusement", "amicalement",
    "affettuosamente", "respeitosamente", "tendrement", "gratefully", "sincerely", "warmly",
    "herzlichst", "bacioni", "abbraccio",
    // Interjections and replies
    "ugh", "seu", "sua", "senti", "oigan", "écoute", "écoutez", "salud", "tranquilo",
    "tranquillo", "verstanden", "ministro", "mestre", "profs",
    // English
    "team", "all", "everyone", "everybody", "guys", "folks", "friends", "there", "again", "both",
    "gang", "crew", "people", "colleagues", "sweetie", "honey", "babe", "baby", "darling", "dude",
    "mate", "buddy", "boss", "lol", "haha", "hahaha", "omg", "wow", "yay", "yeah", "yep", "nope",
    "hmm", "um", "umm", "btw", "fyi", "asap", "pls", "plz", "np", "tyvm", "xx", "xoxo", "ps",
    "regards", "best", "subject", "re", "fw", "fwd",
    // Spanish
    "equipo", "todos", "todas", "chicos", "chicas", "amigos", "amigas", "amigo", "amiga", "gente",
    "colegas", "compañeros", "compañeras", "cariño", "amor", "guapa", "guapo", "jefe", "jefa",
    "bueno", "claro", "pues", "mira", "jaja", "jajaja", "genial", "perfecto", "venga", "dale",
    "ojalá", "hombre", "tío", "tía", "hoy", "mañana", "lunes", "martes", "miércoles", "jueves",
    "viernes", "sábado", "domingo", "saludos", "atentamente", "besos", "abrazos", "asunto",
    // Portuguese
    "pessoal", "galera", "malta", "equipe", "equipa", "meninas", "meninos", "chefe", "bem",
    "então", "entao", "olha", "nossa", "beleza", "ótimo", "otimo", "perfeito", "sim", "não",
    "nao", "kkk", "kkkk", "rs", "tá", "ta", "tudo", "hoje", "amanhã", "segunda", "terça", "quarta",
    "quinta", "sexta", "cumprimentos", "atenciosamente", "assunto",
    // French
    "tous", "toutes", "équipe", "amis", "amies", "collègues", "chéri", "chérie", "oui", "non",
    "bon", "alors", "enfin", "bref", "voilà", "parfait", "génial", "super", "mdr", "bah", "ben",
    "allez", "aujourd'hui", "demain", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
    "dimanche", "cordialement", "amitiés", "objet",
    // German
    "leute", "zusammen", "alle", "kollegen", "kolleginnen", "schatz", "ja", "nein", "also",
    "genau", "gut", "prima", "klar", "ach", "na", "tja", "doch", "stimmt", "sicher", "gerne",
    "gern", "liebling", "heute", "montag", "dienstag", "mittwoch", "donnerstag", "freitag",
    "samstag", "sonntag", "lg", "vg", "mfg", "viele", "herzliche", "betreff", "aw", "wg",
    // Italian
    "tutti", "tutte", "ragazzi", "ragazze", "amici", "amiche", "colleghi", "amore", "tesoro",
    "si", "sì", "allora", "dai", "beh", "boh", "certo", "esatto", "perfetto", "ottimo", "bene",
    "ecco", "però", "comunque", "vabbè", "capo", "oggi", "domani", "lunedì", "martedì",
    "mercoledì", "giovedì", "venerdì", "sabato", "domenica", "saluti", "cordiali", "distinti",
    "abbracci", "oggetto",
};

constexpr int kMaxOpeners = 3;

// What the lists above say of a word, found by its recipe 2 word hash (the
// lexicon's key too) in an open-addressing table: a few instructions a
// lookup, where comparing with each of the ~570 words cost thousands. An
// e-mail has a hundred lines or more, most of them opening with no listed
// word: a bit per (first two bytes, length) rules most out before the hash.
enum WordKind : uint8_t { kOpener = 1, kTitle = 2, kNotName = 4 };

class WordKinds {
 public:
  WordKinds() {
    for (std::string_view w : kOpeners) Add(w, kOpener);
    for (std::string_view w : kTitles) Add(w, kTitle);
    for (std::string_view w : kNotNames) Add(w, kNotName);
  }
  // False for most words that are in no list; true for every one that is.
  bool MayHold(std::string_view w) const {
    if (w.empty()) return false;
    const uint32_t key = Sketch(w);
    return (sketch_[key / 64] >> (key % 64) & 1) != 0;
  }
  // The kinds of the word with this hash; 0 for any other word.
  uint8_t Find(uint64_t hash) const {
    for (size_t i = hash & kMask;; i = (i + 1) & kMask) {
      if (hashes_[i] == hash) return kinds_[i];
      if (kinds_[i] == 0) return 0;
    }
  }

 private:
  static constexpr size_t kSlots = 4096;  // at most a quarter full
  static constexpr size_t kMask = kSlots - 1;
  static_assert((std::size(kOpeners) + std::size(kTitles) + std::size(kNotNames)) * 4 <= kSlots,
                "keep the table at most a quarter full");
  static constexpr size_t kSketchBits = 4096;
  static uint32_t Sketch(std::string_view w) {
    const auto b0 = static_cast<uint64_t>(static_cast<unsigned char>(w[0]));
    const auto b1 = w.size() > 1 ? static_cast<uint64_t>(static_cast<unsigned char>(w[1])) : 0;
    const uint64_t key = b0 | b1 << 8 | std::min<uint64_t>(w.size(), 255) << 16;
    return static_cast<uint32_t>((key * 0x9E3779B97F4A7C15ULL) >> 52);  // 12 bits
  }
  void Add(std::string_view w, uint8_t kind) {
    const uint32_t key = Sketch(w);
    sketch_[key / 64] |= uint64_t{1} << (key % 64);
    const uint64_t hash = WordHash2(w);
    size_t i = hash & kMask;
    while (kinds_[i] != 0 && hashes_[i] != hash) i = (i + 1) & kMask;
    hashes_[i] = hash;
    kinds_[i] |= kind;
  }
  uint64_t hashes_[kSlots] = {};
  uint8_t kinds_[kSlots] = {};
  uint64_t sketch_[kSketchBits / 64] = {};
};

const WordKinds& Kinds() {
  static const WordKinds kinds;
  return kinds;
}

// What separates two tokens on one line of an address: spaces and commas,
// and after a title its period.
bool OnlySpacesOrCommas(std::string_view gap, bool period_allowed) {
  for (char c : gap) {
    if (c != ' ' && c != ',' && !(period_allowed && c == '.')) return false;
  }
  return true;
}

// Whether `gap` (the text after a token) starts, after spaces, with a comma.
bool StartsWithComma(std::string_view gap) {
  for (char c : gap) {
    if (c != ' ') return c == ',';
  }
  return false;
}

// A word that may be a name: letters, in a script with capitals (its first
// byte a Latin letter or the lead byte of a two-byte character: Latin,
// Greek, Cyrillic), not a placeholder, not a contraction ("I'd", "Can't",
// "J'ai", "L'équipe"; "O'Sullivan" and "Chen's" may be names).
bool MayBeNameWord(std::string_view w) {
  if (w.size() < 2) return false;
  const auto first = static_cast<unsigned char>(w[0]);
  if (!((first >= 'a' && first <= 'z') || (first >= 0xC3 && first <= 0xD4))) return false;
  for (char c : w) {
    if (c >= '0' && c <= '9') return false;
  }
  if (w[1] == '\'' && w[0] != 'o') return false;
  for (std::string_view end : {"n't", "'re", "'ve", "'ll", "'d", "'m"}) {
    if (EndsWith(w, end)) return false;
  }
  return true;
}

}  // namespace

void NameSalutations(const Lexicon& lexicon, const NormalizedText& normalized,
                     std::string_view source, std::vector<Token>* tokens) {
  std::vector<Token>& t = *tokens;
  const std::string& text = normalized.text();
  auto gap = [&](size_t i) {  // the text between tokens i and i + 1
    const size_t end = i + 1 < t.size() ? t[i + 1].begin : text.size();
    return std::string_view(text).substr(t[i].end, end - t[i].end);
  };
  const WordKinds& kinds = Kinds();
  auto name_if_unknown = [&](size_t i) {
    if (!MayBeNameWord(t[i].text)) return;
    const uint64_t hash = WordHash2(t[i].text);
    if ((kinds.MayHold(t[i].text) && kinds.Find(hash) != 0) || lexicon.Find(hash) != nullptr) return;
    const Span span = normalized.SourceSpan(t[i].begin, t[i].end);
    if (!IsUpperInInput(source, span)) return;
    // An acronym ("PMO, ...", "Hi SRE team") is not a name.
    if (span.begin + 1 < source.size() && source[span.begin + 1] >= 'A' && source[span.begin + 1] <= 'Z') {
      return;
    }
    t[i].text = kNamePlaceholder;
  };
  // Each line's first token: most messages have one line.
  size_t i = 0;
  for (size_t line = 0; line <= text.size();) {
    while (i < t.size() && t[i].begin < line) ++i;
    if (i == t.size()) break;
    const char* nl = static_cast<const char*>(std::memchr(text.data() + line, '\n', text.size() - line));
    const size_t line_end = nl == nullptr ? text.size() : static_cast<size_t>(nl - text.data());
    if (t[i].begin < line_end) {
      size_t k = i;
      for (int n = 0; n < kMaxOpeners && k + 1 < t.size() && t[k + 1].begin < line_end; ++n) {
        if (!kinds.MayHold(t[k].text)) break;
        const uint8_t kind = kinds.Find(WordHash2(t[k].text));
        if ((kind & (kOpener | kTitle)) == 0) break;
        if (!OnlySpacesOrCommas(gap(k), (kind & kTitle) != 0)) break;
        ++k;
      }
      if (k > i) {
        name_if_unknown(k);  // "Hi Siobhan", "Obrigada, Lucas!", "Dear Mr. Okonkwo"
      } else if (StartsWithComma(gap(i)) || i + 1 == t.size()) {
        name_if_unknown(i);  // "Cormac, I passed...", and a name alone on the last line
      }
    }
    line = line_end + 1;
  }
}

}  // namespace meetintent
