// The benchmark inputs, built deterministically from the committed corpus
// (data/corpus.tsv: split, label, lang, genre, topic, source, text):
//
//  chat     short chat: genre == chat, 60..150 bytes, every language but zh/ja.
//  email    e-mails of 1..4 KB: each genre == email row, followed by a
//           "-- " signature and quoted earlier e-mails ("-----Original
//           Message-----" blocks, or "On ... wrote:" with "> " lines) until
//           a per-message target size drawn in [1024, 4096] bytes.
//  nonlatin every zh/ja row; each zh/ja chat row once more mixed with a Latin
//           chat message and emoji (ZWJ sequences, flags, skin tones); and a
//           few mixed-script lines (Cyrillic, Greek, Hangul, Thai, Arabic,
//           Devanagari) with emoji.
//
// Messages are shuffled with a fixed seed so consecutive messages differ in
// length. The data folder is MEETINTENT_BENCH_DATA_DIR unless the
// environment variable MI_BENCH_DATA_DIR names another.
#ifndef MEETINTENT_BENCHMARKS_BENCH_INPUTS_H_
#define MEETINTENT_BENCHMARKS_BENCH_INPUTS_H_

#include <cstddef>
#include <string>
#include <vector>

namespace meetintent_bench {

enum class InputKind { kChat = 0, kEmail = 1, kNonLatin = 2 };
constexpr int kNumInputKinds = 3;

struct InputSet {
  InputKind kind;
  const char* name;  // "chat", "email", "nonlatin"
  std::vector<std::string> messages;
  size_t total_bytes = 0;
  size_t ascii_messages = 0;  // messages that are pure ASCII
};

// Built once, on first use; aborts with a message when the corpus is missing.
const InputSet& GetInputs(InputKind kind);
// "chat" -> kChat, ...; returns false for an unknown name.
bool ParseInputKind(const std::string& name, InputKind* kind);
const char* InputName(InputKind kind);

// The data folder (see above), without a trailing slash.
std::string DataDir();

// Median, min and max of message sizes, for the benchmark logs.
std::string DescribeInputs(const InputSet& set);

}  // namespace meetintent_bench

#endif  // MEETINTENT_BENCHMARKS_BENCH_INPUTS_H_
