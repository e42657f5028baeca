#include "meetintent/lexicon.h"

#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "byte_io.h"
#include "hash.h"
#include "meetintent/normalizer.h"
#include "meetintent/placeholder.h"
#include "meetintent/tokenizer.h"
#include "utf8.h"

namespace meetintent {
namespace {

constexpr size_t kMaxWordBytes = 255;
constexpr size_t kMaxStandIns = 65534;
constexpr uint32_t kMaxClusters = 65535;

// Lexicon words are read the way messages are, minus what would change a
// word into something else (placeholders, deobfuscation, e-mail clean-up).
NormalizeOptions WordNormalization() {
  NormalizeOptions o;
  o.strip_email_quotes = false;
  o.strip_signature = false;
  o.placeholders = false;
  o.deobfuscate = false;
  return o;
}

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> f;
  size_t start = 0;
  for (size_t i = 0; i <= line.size(); ++i) {
    if (i == line.size() || line[i] == '\t') {
      f.push_back(line.substr(start, i - start));
      start = i + 1;
    }
  }
  return f;
}

bool ParseCluster(std::string_view field, uint32_t count, uint16_t* out) {
  if (field.empty()) {
    *out = 0;
    return true;
  }
  uint32_t v = 0;
  for (char c : field) {
    if (c < '0' || c > '9' || v > kMaxClusters) return false;
    v = v * 10 + static_cast<uint32_t>(c - '0');
  }
  if (v >= count) return false;
  *out = static_cast<uint16_t>(v + 1);
  return true;
}

Status Corrupt(const std::string& what) { return Status::CorruptModel("lexicon: " + what); }

// After each word's bytes in the binary form: its stand-in index and its
// cluster ids, two bytes each.
constexpr size_t kWordFieldBytes = 2 + 2 * Lexicon::kGranularities;

}  // namespace

void Lexicon::AddStandIn(std::string stand_in) {
  stand_in_hashes_.push_back(WordHash2(stand_in));
  stand_ins_.push_back(std::move(stand_in));
}

void Lexicon::Add(std::string_view word, uint16_t stand_in_index,
                  const uint16_t clusters[kGranularities]) {
  Entry e;
  e.key = WordHash2(word);
  if (stand_in_index != 0) e.stand_in = stand_in_hashes_[stand_in_index - 1];
  for (int g = 0; g < kGranularities; ++g) e.clusters[g] = clusters[g];
  // The record the binary form has (so word() reads both the same way).
  word_bytes_.push_back(static_cast<char>(word.size()));
  word_bytes_ += word;
  PutU16(&word_bytes_, stand_in_index);
  for (int g = 0; g < kGranularities; ++g) PutU16(&word_bytes_, clusters[g]);
  word_view_ = word_bytes_;
  stand_in_index_.push_back(stand_in_index);
  entries_.push_back(e);
}

bool Lexicon::BuildTable() {
  size_t cap = 2;
  while (cap < 2 * entries_.size()) cap <<= 1;
  slots_.assign(cap, 0);
  mask_ = cap - 1;
  for (size_t k = 0; k < entries_.size(); ++k) {
    const uint64_t key = entries_[k].key;
    size_t i = key & mask_;
    for (; slots_[i] != 0; i = (i + 1) & mask_) {
      if ((slots_[i] & kTagBits) == (key & kTagBits) &&
          entries_[static_cast<uint32_t>(slots_[i]) - 1].key == key) {
        return false;
      }
    }
    slots_[i] = (key & kTagBits) | static_cast<uint32_t>(k + 1);
  }
  return true;
}

std::string_view Lexicon::word(size_t k) const {
  std::call_once(begins_once_, [this] {
    // Parse checked every record, and Add wrote them: the walk stays inside.
    word_begins_.resize(size());
    size_t at = first_word_;
    for (size_t j = 0; j < size(); ++j) {
      const auto length = static_cast<unsigned char>(word_view_[at]);
      word_begins_[j] = static_cast<uint32_t>(at + 1);
      at += 1 + length + kWordFieldBytes;
    }
  });
  const uint32_t begin = word_begins_[k];
  const auto length = static_cast<unsigned char>(word_view_[begin - 1]);
  return word_view_.substr(begin, length);
}

const std::vector<std::string>& Lexicon::words() const {
  std::call_once(words_once_, [this] {
    words_.reserve(size());
    for (size_t k = 0; k < size(); ++k) words_.emplace_back(word(k));
  });
  return words_;
}

Status Lexicon::FromTsv(std::string_view tsv, const uint32_t cluster_counts[kGranularities],
                        std::shared_ptr<const Lexicon>* out) {
  if (out == nullptr) return Status::InvalidArgument("out is NULL");
  std::shared_ptr<Lexicon> lex(new Lexicon);
  for (int g = 0; g < kGranularities; ++g) {
    if (cluster_counts[g] > kMaxClusters) return Status::InvalidArgument("too many clusters");
    lex->cluster_counts_[g] = cluster_counts[g];
  }
  const NormalizeOptions normalization = WordNormalization();
  NormalizedText normalized;
  std::vector<Token> tokens;
  std::unordered_set<uint64_t> keys;
  std::unordered_map<std::string, size_t> stand_in_indexes;
  size_t line_no = 0;
  for (size_t pos = 0; pos < tsv.size();) {
    size_t end = tsv.find('\n', pos);
    if (end == std::string_view::npos) end = tsv.size();
    std::string_view line = tsv.substr(pos, end - pos);
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (++line_no == 1 || line.empty() || line[0] == '#') continue;
    const auto where = [&] { return "lexicon line " + std::to_string(line_no) + ": "; };
    const std::vector<std::string_view> f = SplitTabs(line);
    if (f.size() != 2 + kGranularities) {
      return Status::ParseError(where() + "expected 5 tab-separated fields");
    }
    if (!IsValidUtf8(line.data(), line.size())) return Status::ParseError(where() + "invalid UTF-8");
    uint16_t clusters[kGranularities];
    for (int g = 0; g < kGranularities; ++g) {
      if (!ParseCluster(f[2 + g], cluster_counts[g], &clusters[g])) {
        return Status::ParseError(where() + "cluster id out of range");
      }
    }
    Normalize(normalization, f[0], &normalized);
    Tokenizer::TokenizeWithoutDictionary(normalized.text(), &tokens);
    if (tokens.size() != 1 || tokens[0].text.size() > kMaxWordBytes) continue;  // not one word
    const std::string word(tokens[0].text);
    std::string stand_in;
    if (f[1] == "<name>") {  // the name placeholder, which no text could spell
      stand_in = std::string(kNamePlaceholder);
    } else if (!f[1].empty()) {
      Normalize(normalization, f[1], &normalized);
      stand_in = normalized.text();
      if (stand_in.empty() || stand_in.size() > kMaxWordBytes) {
        return Status::ParseError(where() + "bad stand-in");
      }
    }
    if (!keys.insert(WordHash2(word)).second) continue;  // a repeated word keeps its first entry
    uint16_t stand_in_index = 0;
    if (!stand_in.empty()) {
      auto [it, added] = stand_in_indexes.emplace(stand_in, lex->stand_ins_.size() + 1);
      if (added) {
        if (lex->stand_ins_.size() >= kMaxStandIns) {
          return Status::ParseError(where() + "too many stand-ins");
        }
        lex->AddStandIn(stand_in);
      }
      stand_in_index = static_cast<uint16_t>(it->second);
    }
    lex->Add(word, stand_in_index, clusters);
  }
  lex->BuildTable();  // cannot fail: each key above was added once
  *out = std::move(lex);
  return Status::Ok();
}

Status Lexicon::LoadTsvFile(const std::string& path, std::shared_ptr<const Lexicon>* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot open lexicon '" + path + "'");
  std::ostringstream text;
  text << in.rdbuf();
  static constexpr uint32_t kCounts[kGranularities] = {256, 1024, 4096};
  return FromTsv(text.str(), kCounts, out);
}

// Layout (little-endian):
//   u32 word count N, u32 stand-in count S,
//   u32 cluster count per granularity (3 of them),
//   S x (u8 length, bytes): the stand-ins,
//   N x (u8 length, bytes, u16 stand-in index + 1 or 0, 3 x u16 cluster id + 1 or 0).
std::string Lexicon::Serialize() const {
  std::string s;
  PutU32(&s, static_cast<uint32_t>(size()));
  PutU32(&s, static_cast<uint32_t>(stand_ins_.size()));
  for (uint32_t c : cluster_counts_) PutU32(&s, c);
  for (const std::string& w : stand_ins_) {
    s.push_back(static_cast<char>(w.size()));
    s += w;
  }
  for (size_t k = 0; k < size(); ++k) {
    const std::string_view w = word(k);
    s.push_back(static_cast<char>(w.size()));
    s += w;
    PutU16(&s, stand_in_index_[k]);
    for (uint16_t c : entries_[k].clusters) PutU16(&s, c);
  }
  return s;
}

Status Lexicon::Parse(const unsigned char* data, size_t size, std::shared_ptr<const Lexicon>* out) {
  return ParseSection(data, size, /*borrow=*/false, out);
}

Status Lexicon::ParseSection(const unsigned char* data, size_t size, bool borrow,
                             std::shared_ptr<const Lexicon>* out) {
  ByteReader r(data, size);
  uint32_t n = 0, num_stand_ins = 0;
  std::shared_ptr<Lexicon> lex(new Lexicon);
  if (!r.U32(&n) || !r.U32(&num_stand_ins)) return Corrupt("cut short");
  for (uint32_t& c : lex->cluster_counts_) {
    if (!r.U32(&c) || c > kMaxClusters) return Corrupt("bad cluster count");
  }
  // Each word takes at least 9 bytes: a count beyond that cannot be real
  // (checked before reserving anything).
  if (n > size / 9 || num_stand_ins > kMaxStandIns || num_stand_ins > size) {
    return Corrupt("counts exceed the section");
  }
  for (uint32_t i = 0; i < num_stand_ins; ++i) {
    uint8_t len;
    std::string w;
    if (!r.U8(&len) || len == 0 || !r.Bytes(len, &w) || !IsValidUtf8(w.data(), w.size())) {
      return Corrupt("bad stand-in " + std::to_string(i));
    }
    lex->AddStandIn(std::move(w));
  }
  // Words are read in place, with no string per word: this loop is most of
  // what loading a model costs (61,696 words in the default model). They stay in a
  // copy of the section, or in the section itself when it is borrowed.
  if (size > UINT32_MAX) return Corrupt("section too large");
  if (borrow) {
    lex->word_view_ = std::string_view(reinterpret_cast<const char*>(data), size);
  } else {
    lex->word_bytes_.assign(reinterpret_cast<const char*>(data), size);
    lex->word_view_ = lex->word_bytes_;
  }
  lex->first_word_ = r.pos();
  const unsigned char* p = data + r.pos();
  const unsigned char* const end = data + size;
  // Filled in place (no push_back); a corrupt section returns before `lex`
  // is handed out, so the entries past a bad word are never read.
  lex->entries_.resize(n);
  lex->stand_in_index_.resize(n);
  for (uint32_t k = 0; k < n; ++k) {
    const size_t len = p < end ? *p : 0;
    if (len == 0 || static_cast<size_t>(end - p) < 1 + len + kWordFieldBytes) {
      return Corrupt("word " + std::to_string(k) + " cut short");
    }
    const std::string_view w(reinterpret_cast<const char*>(p + 1), len);
    p += 1 + len;
    unsigned char ored;
    const uint64_t key = WordHash2Ored(w, &ored);
    const auto u16 = [&](int i) { return static_cast<uint16_t>(p[2 * i] | p[2 * i + 1] << 8); };
    const uint16_t stand_in = u16(0);
    Entry& e = lex->entries_[k];
    for (int g = 0; g < kGranularities; ++g) e.clusters[g] = u16(1 + g);
    p += kWordFieldBytes;
    if ((ored >= 0x80 && !IsValidUtf8(w.data(), w.size())) || stand_in > lex->stand_ins_.size()) {
      return Corrupt("word " + std::to_string(k) + " is malformed");
    }
    for (int g = 0; g < kGranularities; ++g) {
      if (e.clusters[g] > lex->cluster_counts_[g]) return Corrupt("cluster id out of range");
    }
    e.key = key;
    e.stand_in = stand_in != 0 ? lex->stand_in_hashes_[stand_in - 1] : 0;
    lex->stand_in_index_[k] = stand_in;
  }
  if (p != end) return Corrupt("trailing bytes");
  // Duplicates would make lookups depend on insertion order: refused.
  if (!lex->BuildTable()) return Corrupt("duplicate word");
  *out = std::move(lex);
  return Status::Ok();
}

}  // namespace meetintent
