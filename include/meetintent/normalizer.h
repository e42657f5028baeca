// Stage 1 of the pipeline: raw message bytes -> normalized text.
//
// Normalize() decodes UTF-8 (each invalid sequence becomes U+FFFD), strips
// e-mail clutter (quoted replies, "-----Original Message-----" blocks,
// forwarded headers, signatures after "-- "), applies Unicode NFKC with full
// case folding (ICU's NFKC_Casefold, which also drops default-ignorable
// characters such as U+200B ZERO WIDTH SPACE), and replaces URLs, e-mail
// addresses, phone numbers, clock times, dates and other numbers by
// placeholder characters. It remembers, for every byte it outputs, the span of
// input bytes it came from, so later stages can point back into the message.
//
// Pure function of its input and options; no I/O; thread-safe.
#ifndef MEETINTENT_NORMALIZER_H_
#define MEETINTENT_NORMALIZER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "meetintent/code_points.h"
#include "meetintent/export.h"
#include "meetintent/placeholder.h"
#include "meetintent/span.h"

namespace meetintent {

struct NormalizeOptions {
  // Drop quoted replies ("> " lines, "On ... wrote:", "-----Original
  // Message-----" and everything after it) and forwarded-message headers.
  // When that would leave no letters or digits, the quoted part is kept.
  // Default: true.
  bool strip_email_quotes = true;
  // Drop a signature: everything after a line that is exactly "-- " or "--".
  // Default: true.
  bool strip_signature = true;
  // Replace URLs, e-mail addresses, phone numbers, times, dates and numbers
  // by placeholders. Default: true.
  bool placeholders = true;
  // Read the Chinese feminine pronouns 她 and 妳 as 他 and 你. Word
  // segmentation happens before any word-level neutralization, and ICU's
  // dictionary can cut "她想" and "他想" differently, so the fold has to
  // happen here for gender-swapped messages to tokenize alike. Default: true.
  bool fold_gendered_han = true;
  // Feature recipe 2 reads each Han character as a word, so gendered Chinese
  // and Japanese words are folded to one form before tokenizing ("女士" as
  // "先生", "彼女" as "彼"; src/gender_fold.cc). Default: true; format
  // version 1 files load with it off.
  bool fold_gendered_cjk = true;
  // See through filter evasion: look-alike Cyrillic/Greek letters in Latin
  // words, leetspeak between letters, spaced-out letters ("d a t e") and
  // asterisks inside words (src/deobfuscate.h). Default: true.
  bool deobfuscate = true;
  // With deobfuscate, also see through the evasions of issue #12 item 8:
  // letters of other scripts that Unicode lists as confusable with Latin
  // ones (UTS #39 skeletons: Cherokee, Armenian, more Cyrillic...) inside
  // Latin words, small capitals, upside-down text, reversed text (after
  // U+202E RIGHT-TO-LEFT OVERRIDE, or text whose words read right only
  // backwards), combining overlays and decorative marks on Latin letters,
  // single letters split by any repeated separator, and Latin text written
  // without spaces (src/confusables.h). Default: true; format version 1 files load with it
  // off, so version 1 models read text exactly as 1.0 did.
  bool deobfuscate_unicode = true;
  // With placeholders: digits written against Han, kana, Hangul or Thai
  // letters are numbers, times and dates like those between spaces ("18時",
  // "下午3点", "3시"), not parts of a word. Default: true; model files
  // without normalizer flag bit 7 (older ones) load with it off and read
  // text as they were trained.
  bool unspaced_script_numbers = true;
  // Inputs longer than this are cut (at a UTF-8 boundary) and only the first
  // max_input_bytes are read, which bounds memory and time per message.
  // Default: 1 MiB.
  size_t max_input_bytes = size_t{1} << 20;
};

// Normalized text plus the map back to the original bytes. Reuse one object
// across calls to avoid allocations.
class MI_EXPORT NormalizedText {
 public:
  // UTF-8, NFKC-casefolded, placeholders as U+E000..U+E005.
  const std::string& text() const { return text_; }
  // True iff the input was longer than max_input_bytes and was cut.
  bool truncated() const { return truncated_; }
  // True when every input byte read was ASCII: text() then holds ASCII and
  // placeholders only (a false answer promises nothing).
  bool ascii_input() const { return ascii_input_; }
  // The original bytes that produced text()[begin, end).
  // REQUIRES: begin < end <= text().size().
  Span SourceSpan(size_t begin, size_t end) const;

  void Clear();
  // Bytes of memory held, and giving them back (the text is emptied).
  size_t CapacityBytes() const;
  void ReleaseMemory();

 private:
  friend class NormalizerImpl;
  // A run of output bytes and the input bytes it came from. In a linear run
  // each output byte is its input byte (shifted); otherwise every output
  // byte maps to the whole input range (e.g. "ß" folded to "ss").
  struct Segment {
    uint32_t text_begin;
    uint32_t source_begin;
    uint32_t source_end;
    bool linear;
  };
  std::string text_;
  std::vector<Segment> segments_;
  bool truncated_ = false;
  bool ascii_input_ = false;
  // Scratch for Normalize(), kept here so warm calls do not allocate.
  std::vector<uint32_t> scratch_keep_;
  CodePoints scratch_cp_;
  Spans scratch_span_;
  CodePoints scratch_spare_cp_;  // a pass's rewrite, swapped in
  Spans scratch_spare_span_;
};

// Normalizes only the byte ranges of `input` given as flat pairs begin0,
// end0, begin1, end1... (increasing; the e-mail clean-up options are not
// applied: the ranges are what is read). Spans still point into `input`.
MI_EXPORT void NormalizeRanges(const NormalizeOptions& options, std::string_view input,
                               const std::vector<uint32_t>& ranges, NormalizedText* out);

// Normalizes `input` into *out (whose previous contents are replaced).
// REQUIRES: out != nullptr.
MI_EXPORT void Normalize(const NormalizeOptions& options, std::string_view input,
                         NormalizedText* out);

}  // namespace meetintent

#endif  // MEETINTENT_NORMALIZER_H_
