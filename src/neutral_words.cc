#include "neutral_words.h"

#include <vector>

#include "hash.h"

namespace meetintent {

namespace {

// Gendered words, case-folded, and their neutral stand-ins. German "sie" is
// "she", "they" and formal "you": it shares "er"'s stand-in, which costs the
// model the difference between "he" and "they", not more. "her" is both
// "him" and "his", so all three share one stand-in: swapping any of them for
// another cannot change a feature. Ambiguous words
// whose other sense matters more ("sie" is also "they"/"you" in German,
// "lei" is formal "you" in Italian, "femme" is also "woman") still map to the
// stand-in of their gendered sense: the stand-in keeps the meaning, only the
// gender is dropped.
constexpr std::string_view kGendered[][2] = {
    // English
    {"he", "they"}, {"she", "they"}, {"him", "them"}, {"her", "them"}, {"his", "them"},
    {"hers", "theirs"}, {"himself", "themself"}, {"herself", "themself"},
    {"mr", "mx"}, {"mrs", "mx"}, {"ms", "mx"}, {"miss", "mx"}, {"sir", "mx"}, {"madam", "mx"},
    {"ma'am", "mx"}, {"husband", "spouse"}, {"wife", "spouse"}, {"husbands", "spouses"},
    {"wives", "spouses"}, {"boyfriend", "partner"}, {"girlfriend", "partner"},
    {"fiance", "fiancx"}, {"fiancee", "fiancx"}, {"fiancé", "fiancx"}, {"fiancée", "fiancx"},
    {"man", "person"}, {"woman", "person"}, {"men", "people"}, {"women", "people"},
    {"guy", "person"}, {"gal", "person"}, {"guys", "folks"}, {"ladies", "folks"},
    {"gentlemen", "folks"}, {"lady", "person"}, {"gentleman", "person"},
    {"boy", "kid"}, {"girl", "kid"}, {"boys", "kids"}, {"girls", "kids"},
    {"son", "child"}, {"daughter", "child"}, {"sons", "children"}, {"daughters", "children"},
    {"brother", "sibling"}, {"sister", "sibling"}, {"brothers", "siblings"}, {"sisters", "siblings"},
    {"father", "parent"}, {"mother", "parent"}, {"dad", "parent"}, {"mom", "parent"},
    {"mum", "parent"}, {"daddy", "parent"}, {"mommy", "parent"}, {"mummy", "parent"},
    {"uncle", "relative"}, {"aunt", "relative"}, {"nephew", "relative"}, {"niece", "relative"},
    {"grandfather", "grandparent"}, {"grandmother", "grandparent"}, {"grandpa", "grandparent"},
    {"grandma", "grandparent"}, {"king", "monarch"}, {"queen", "monarch"},
    {"handsome", "attractive"}, {"beautiful", "attractive"}, 
    {"bro", "pal"}, {"sis", "pal"}, {"dude", "pal"},
    // Spanish
    {"él", "elle"}, {"ella", "elle"}, {"ellos", "elles"}, {"ellas", "elles"},
    {"señor", "sr"}, {"señora", "sr"}, {"señorita", "sr"}, {"sra", "sr"}, {"srta", "sr"},
    {"esposo", "cónyuge"}, {"esposa", "cónyuge"}, {"marido", "cónyuge"}, {"mujer", "persona"},
    {"hombre", "persona"}, {"novio", "pareja"}, {"novia", "pareja"}, {"hijo", "hije"},
    {"hija", "hije"}, {"hermano", "hermane"}, {"hermana", "hermane"}, {"padre", "progenitor"},
    {"madre", "progenitor"}, {"papá", "progenitor"}, {"mamá", "progenitor"},
    {"guapo", "atractive"}, {"guapa", "atractive"}, {"querido", "queride"}, {"querida", "queride"},
    {"estimado", "estimade"}, {"estimada", "estimade"},
    // Portuguese
    {"ele", "elu"}, {"ela", "elu"}, {"eles", "elus"}, {"elas", "elus"}, {"senhor", "sr"},
    {"senhora", "sr"}, {"namorado", "parceire"}, {"namorada", "parceire"}, {"filho", "filhe"},
    {"filha", "filhe"}, {"irmão", "irmane"}, {"irmã", "irmane"}, {"pai", "progenitor"},
    {"mãe", "progenitor"}, {"lindo", "atraente"}, {"linda", "atraente"}, {"bonito", "atraente"},
    {"bonita", "atraente"}, {"prezado", "prezade"},
    {"prezada", "prezade"}, {"obrigado", "obrigade"}, {"obrigada", "obrigade"},
    // French
    {"il", "iel"}, {"elle", "iel"}, {"ils", "iels"}, {"elles", "iels"}, {"monsieur", "mx"},
    {"madame", "mx"}, {"mademoiselle", "mx"}, {"mme", "mx"}, {"mlle", "mx"}, {"mari", "conjoint"},
    {"femme", "conjoint"}, {"copain", "partenaire"}, {"copine", "partenaire"},
    {"fils", "enfant"}, {"fille", "enfant"}, {"frère", "fratrie"}, {"sœur", "fratrie"},
    {"soeur", "fratrie"}, {"père", "parent"}, {"mère", "parent"}, {"papa", "parent"},
    {"maman", "parent"}, {"beau", "séduisant"}, {"belle", "séduisant"}, {"cher", "chèrx"},
    {"chère", "chèrx"},
    // German
    {"er", "sie/er"}, {"sie", "sie/er"}, {"herr", "person"}, {"frau", "person"}, {"mann", "ehepartner"},
    {"ehemann", "ehepartner"}, {"ehefrau", "ehepartner"}, {"freund", "partnerin"},
    {"freundin", "partnerin"}, {"sohn", "kind"}, {"tochter", "kind"}, {"bruder", "geschwister"},
    {"schwester", "geschwister"}, {"vater", "elternteil"}, {"mutter", "elternteil"},
        // Italian
    {"lui", "lu"}, {"lei", "lu"}, {"signore", "sig"}, {"signora", "sig"}, {"signor", "sig"},
    {"sig.ra", "sig"}, {"marito", "coniuge"}, {"moglie", "coniuge"}, {"fidanzato", "partner"},
    {"fidanzata", "partner"}, {"figlio", "figliə"}, {"figlia", "figliə"},
    {"fratello", "fratellə"}, {"sorella", "fratellə"}, {"carino", "carinə"},
    {"carina", "carinə"}, {"bello", "bellə"}, {"bella", "bellə"},
    // Chinese and Japanese (as ICU segments them)
    {"他", "TA"}, {"她", "TA"}, {"他们", "TA们"}, {"她们", "TA们"}, {"先生", "女士/先生"},
    {"女士", "女士/先生"}, {"小姐", "女士/先生"}, {"丈夫", "配偶"}, {"妻子", "配偶"},
    {"老公", "配偶"}, {"老婆", "配偶"}, {"男朋友", "对象"}, {"女朋友", "对象"},
    {"儿子", "孩子"}, {"女儿", "孩子"}, {"帅哥", "好看的人"}, {"美女", "好看的人"},
    {"彼", "あの人"}, {"彼女", "あの人"}, {"夫", "配偶者"}, {"妻", "配偶者"},
    {"旦那", "配偶者"}, {"奥さん", "配偶者"}, {"息子", "子ども"}, {"娘", "子ども"},
};

// A pair that lost its stand-in would silently erase a word: refuse to build.
constexpr bool EveryPairIsComplete() {
  for (const auto& pair : kGendered) {
    if (pair[0].empty() || pair[1].empty()) return false;
  }
  return true;
}
static_assert(EveryPairIsComplete(), "every gendered word needs a stand-in");

// Common first names of many cultures, case-folded. Names that are also
// ordinary words (may, will, rose, grace, mark, bill...) are left out.
constexpr std::string_view kFirstNames[] = {
    "james", "john", "robert", "michael", "william", "david", "richard", "joseph", "thomas",
    "charles", "daniel", "matthew", "anthony", "steven", "paul", "andrew", "joshua",
    "kenneth", "kevin", "brian", "george", "timothy", "ronald", "edward", "jason", "jeffrey",
    "ryan", "jacob", "gary", "nicholas", "eric", "jonathan", "stephen", "larry", "justin",
    "scott", "brandon", "benjamin", "samuel", "gregory", "alexander", "patrick", "tyler",
    "aaron", "adam", "nathan", "henry", "peter", "zachary", "kyle", "ethan", "noah", "liam",
    "lucas", "oliver", "leo", "tom", "tim", "mike", "dave", "chris", "ben", "sam", "alex",
    "mary", "patricia", "jennifer", "linda", "elizabeth", "barbara", "susan", "jessica",
    "sarah", "karen", "lisa", "nancy", "betty", "sandra", "margaret", "ashley", "kimberly",
    "emily", "donna", "michelle", "carol", "amanda", "melissa", "deborah", "stephanie",
    "rebecca", "laura", "sharon", "cynthia", "kathleen", "amy", "angela", "anna", "emma",
    "olivia", "sophia", "isabella", "mia", "charlotte", "amelia", "harper", "evelyn",
    "abigail", "chloe", "zoe", "hannah", "natalie", "rachel", "megan", "lauren",
    "julia", "kate", "katie", "jane", "jenny", "anne", "claire", "sophie", "lucy", "alice",
    "maria", "jose", "juan", "carlos", "luis", "miguel", "javier", "alejandro",
    "pablo", "diego", "sergio", "andrés", "fernando", "jorge", "ricardo", "manuel",
    "antonio", "francisco", "pedro", "rafael", "raúl", "carmen", "lucía", "sofía", "valentina",
    "camila", "paula", "elena", "marta", "isabel", "laia", "ana", "teresa", "pilar",
    "beatriz", "gabriela", "daniela", "mariana", "fernanda", "joão", "tiago", "rodrigo",
    "bruno", "gustavo", "felipe", "thiago", "leonardo", "matheus", "rafaela", "juliana",
    "larissa", "beatriz", "letícia", "jean", "pierre", "louis", "nicolas", "julien",
    "thomas", "antoine", "mathieu", "françois", "philippe", "camille", "chloé", "léa",
    "manon", "inès", "julie", "marie", "sophie", "céline", "nathalie", "isabelle", "hans",
    "klaus", "jürgen", "stefan", "andreas", "markus", "tobias", "lukas", "jonas", "felix",
    "maximilian", "sebastian", "florian", "katharina", "julia", "lena", "lea", "anja",
    "sabine", "petra", "ursula", "monika", "birgit", "franziska", "giulia", "francesca",
    "chiara", "federica", "valentina", "alessandra", "giorgia", "martina", "sara", "marco",
    "luca", "giuseppe", "giovanni", "alessandro", "matteo", "lorenzo", "davide", "simone",
    "andrea", "stefano", "roberto", "paolo", "riccardo", "mohammed", "muhammad", "ahmed",
    "ali", "omar", "hassan", "youssef", "fatima", "aisha", "layla", "yasmin", "amira",
    "leila", "priya", "ananya", "aditi", "neha", "pooja", "arjun", "rahul", "rohan", "vikram",
    "amit", "raj", "sanjay", "wei", "li", "chen", "wang", "zhang", "liu", "yang", "huang",
    "mei", "xiao", "jing", "ying", "hiroshi", "takashi", "kenji", "yuki", "haruto",
    "sota", "yuto", "sakura", "yui", "hina", "aoi", "akiko", "yoko", "keiko", "ji-woo",
    "min-jun", "seo-yeon", "kwame", "kofi", "chidi", "ngozi", "oluwaseun", "tunde",
    "amara", "zanele", "thabo", "dmitri", "ivan", "sergei", "olga", "natasha", "svetlana",
    "irina", "anastasia", "nikolai", "piotr", "katarzyna", "agnieszka", "aleksandra",
};

class NeutralTable {
 public:
  NeutralTable() {
    const size_t n = sizeof(kGendered) / sizeof(kGendered[0]) +
                     sizeof(kFirstNames) / sizeof(kFirstNames[0]);
    size_t cap = 64;
    while (cap < 4 * n) cap <<= 1;
    keys_.assign(cap, 0);
    values_.assign(cap, std::string_view());
    mask_ = cap - 1;
    for (const auto& pair : kGendered) Insert(pair[0], pair[1]);
    for (std::string_view name : kFirstNames) Insert(name, kNameStandIn);
  }

  bool Find(uint64_t h, std::string_view* out) const {
    // 0 marks an empty slot; a real word hashing to 0 is simply never found.
    for (size_t i = h & mask_; keys_[i] != 0; i = (i + 1) & mask_) {
      if (keys_[i] == h) {
        *out = values_[i];
        return true;
      }
    }
    return false;
  }

 private:
  void Insert(std::string_view word, std::string_view stand_in) {
    const uint64_t h = WordHash(word);
    size_t i = h & mask_;
    while (keys_[i] != 0 && keys_[i] != h) i = (i + 1) & mask_;
    keys_[i] = h;
    values_[i] = stand_in;
  }

  std::vector<uint64_t> keys_;
  std::vector<std::string_view> values_;
  size_t mask_ = 0;
};

}  // namespace

bool NeutralStandIn(uint64_t word_hash, std::string_view* stand_in) {
  static const NeutralTable table;
  return table.Find(word_hash, stand_in);
}

}  // namespace meetintent
