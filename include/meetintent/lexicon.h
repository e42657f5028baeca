// Word knowledge a model carries (feature recipe 2): for each known word, its
// clusters at three granularities (k-means over pretrained word vectors, so
// words the training data never showed still count like their neighbours:
// data/lexicon/README.md), and for first names and gendered words a neutral
// stand-in ("emma" and "jordan" read as <name>, "she" and "he" as "they"), so
// that a person's name or gender cannot move a decision.
//
// A lexicon is immutable once built and is shared by the models trained
// with it; every model file of recipe 2 holds a copy, so a model never
// depends on the library's data.
//
// Thread-safety: immutable; safe from many threads.
#ifndef MEETINTENT_LEXICON_H_
#define MEETINTENT_LEXICON_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "meetintent/export.h"
#include "meetintent/status.h"

namespace meetintent {

class MI_EXPORT Lexicon {
 public:
  static constexpr int kGranularities = 3;

  // One known word, looked up by its word hash.
  struct Entry {
    uint64_t key = 0;       // recipe 2 word hash of the (normalized) word
    uint64_t stand_in = 0;  // word hash of its stand-in; 0 when it has none
    // Cluster id + 1 at each granularity; 0 when the word has none there.
    uint16_t clusters[kGranularities] = {0, 0, 0};
  };

  // Reads the TSV form: a header line, then `word<TAB>stand_in<TAB>c0<TAB>c1<TAB>c2`
  // per word (empty fields for none; c0..c2 below cluster_counts[g]).
  // Words and stand-ins are normalized as messages are (NFKC case folding),
  // and each must read as one token; a word listed twice keeps its first
  // entry. Fails with kParseError and the line number on malformed input.
  static Status FromTsv(std::string_view tsv, const uint32_t cluster_counts[kGranularities],
                        std::shared_ptr<const Lexicon>* out);
  // As FromTsv, from a file; cluster counts 256, 1024 and 4096.
  static Status LoadTsvFile(const std::string& path, std::shared_ptr<const Lexicon>* out);

  // The binary form kept inside model files (src/model_file.md), and back.
  std::string Serialize() const;
  static Status Parse(const unsigned char* data, size_t size, std::shared_ptr<const Lexicon>* out);

  // The entry of a word hash, or nullptr.
  // A slot holds the high half of its word's hash beside the entry's index:
  // most words of a message are not in the lexicon, and are turned away
  // without reading an entry (a second cache miss).
  const Entry* Find(uint64_t word_hash) const {
    const uint64_t tag = word_hash & kTagBits;
    for (size_t i = word_hash & mask_;; i = (i + 1) & mask_) {
      const uint64_t slot = slots_[i];
      if (slot == 0) return nullptr;
      if ((slot & kTagBits) == tag) {
        const Entry& e = entries_[static_cast<uint32_t>(slot) - 1];
        if (e.key == word_hash) return &e;
      }
    }
  }

  // Asks for the slot where Find(word_hash) starts, ahead of the Find.
  void Prefetch(uint64_t word_hash) const {
    __builtin_prefetch(slots_.data() + (word_hash & mask_));
  }

  // The stand-in an entry of this lexicon reads as ("they"; names: the name
  // placeholder, shown as <name>), or empty when it has none.
  std::string_view StandInText(const Entry& e) const {
    const auto k = static_cast<size_t>(&e - entries_.data());
    const uint16_t index = k < stand_in_index_.size() ? stand_in_index_[k] : 0;
    return index != 0 ? std::string_view(stand_ins_[index - 1]) : std::string_view();
  }

  size_t size() const { return entries_.size(); }
  // The entry of word k (k < size()): Find(WordHash2(word(k))) without the
  // hashing.
  const Entry& entry(size_t k) const { return entries_[k]; }
  uint32_t cluster_count(int granularity) const { return cluster_counts_[granularity]; }
  // Word k (k < size()), normalized, in entry order. Where each word starts
  // is found on the first call (a pass over the words): classifying never
  // asks, so a model load does not write that table.
  std::string_view word(size_t k) const;
  // All the words, as word(k) gives them (for introspection and tests). The
  // vector is built on the first call: a model load does not pay for a string
  // per word (61,696 in the default model) that most programs never ask for.
  const std::vector<std::string>& words() const;

 private:
  friend class ModelFileReader;  // ParseSection, for the models compiled into the library

  Lexicon() = default;
  // Parse; with `borrow`, the words stay in `data`, which must outlive the
  // lexicon and every copy of its pointer (the library's own read-only
  // bytes): no copy of the section, and none of its pages written.
  static Status ParseSection(const unsigned char* data, size_t size, bool borrow,
                             std::shared_ptr<const Lexicon>* out);
  // Appends a word (already normalized, at most 255 bytes) whose stand-in is
  // stand_ins_[stand_in_index - 1], or none for 0, and its record as the
  // binary form has it. FromTsv's way; Parse fills the arrays in place.
  void Add(std::string_view word, uint16_t stand_in_index, const uint16_t clusters[kGranularities]);
  void AddStandIn(std::string stand_in);
  // Fills slots_; false when two entries have the same key.
  bool BuildTable();

  uint32_t cluster_counts_[kGranularities] = {0, 0, 0};
  // The words' records as the binary form has them (a length byte, the
  // word, its fields); Parse keeps the serialized section whole, so a load
  // copies it once. word_view_ is word_bytes_, or the borrowed section; the
  // records start at first_word_. Word k starts at word_view_[word_begins_[k]],
  // found by word()'s first call.
  std::string word_bytes_;
  std::string_view word_view_;
  size_t first_word_ = 0;
  mutable std::once_flag begins_once_;
  mutable std::vector<uint32_t> word_begins_;
  mutable std::once_flag words_once_;
  mutable std::vector<std::string> words_;  // words(), once asked for
  std::vector<uint16_t> stand_in_index_;  // into stand_ins_, + 1; 0 for none
  std::vector<std::string> stand_ins_;
  std::vector<uint64_t> stand_in_hashes_;  // WordHash2 of each stand-in
  std::vector<Entry> entries_;
  static constexpr uint64_t kTagBits = 0xFFFFFFFF00000000ULL;
  // Open addressing: the word hash's tag bits | entry index + 1; 0 empty.
  std::vector<uint64_t> slots_;
  size_t mask_ = 0;
};

}  // namespace meetintent

#endif  // MEETINTENT_LEXICON_H_
