#include "gender_fold.h"

#include <cstdint>
#include <string_view>

namespace meetintent {
namespace {

struct Fold {
  std::u32string_view from;
  std::u32string_view to;
};

// Longest first: the first match at a position wins.
constexpr Fold kFolds[] = {
    {U"女朋友", U"男朋友"}, {U"奥さん", U"旦那"}, {U"女士", U"先生"}, {U"小姐", U"先生"},
    {U"太太", U"先生"},     {U"妻子", U"丈夫"},   {U"老婆", U"老公"}, {U"女儿", U"儿子"},
    {U"美女", U"帅哥"},     {U"姐姐", U"哥哥"},   {U"妹妹", U"弟弟"}, {U"母亲", U"父亲"},
    {U"妈妈", U"爸爸"},     {U"彼女", U"彼"},     {U"夫人", U"先生"}, {U"女性", U"男性"},
    {U"她", U"他"},         {U"妳", U"你"},       {U"娘", U"息子"},   {U"妻", U"夫"},
    {U"姉", U"兄"},         {U"妹", U"弟"},       {U"姐", U"哥"},     {U"母", U"父"},
    {U"妈", U"爸"},         {U"婆", U"公"},       {U"女", U"男"},
};

// Every folded word starts with a CJK unified ideograph.
constexpr bool MaybeFolded(char32_t c) { return c >= 0x4E00 && c <= 0x9FFF; }

// A bit per CJK unified ideograph that starts a folded word: most ideographs
// of a message start none, and are answered without trying every fold.
class FirstIdeographs {
 public:
  constexpr FirstIdeographs() {
    for (const Fold& f : kFolds) {
      const uint32_t k = static_cast<uint32_t>(f.from[0]) - 0x4E00;
      bits_[k / 64] |= uint64_t{1} << (k % 64);
    }
  }
  constexpr bool Has(char32_t c) const {
    if (!MaybeFolded(c)) return false;
    const uint32_t k = static_cast<uint32_t>(c) - 0x4E00;
    return ((bits_[k / 64] >> (k % 64)) & 1) != 0;
  }

 private:
  uint64_t bits_[(0x9FFF - 0x4E00) / 64 + 1] = {};
};
constexpr FirstIdeographs kFirstIdeographs;

// The fold whose word starts at s[i], or nullptr.
const Fold* MatchFold(const CodePoints& s, size_t i) {
  if (!kFirstIdeographs.Has(s[i])) return nullptr;
  for (const Fold& f : kFolds) {
    if (f.from[0] != s[i] || i + f.from.size() > s.size()) continue;
    if (std::u32string_view(&s[i], f.from.size()) == f.from) return &f;
  }
  return nullptr;
}

}  // namespace

void FoldGenderedCjk(CodePoints* cps_in, Spans* spans_in, CodePoints* spare_cps,
                     Spans* spare_spans) {
  CodePoints& s = *cps_in;
  size_t candidates = 0;  // a count, not a flag, so the loop vectorizes
  for (char32_t c : s) candidates += MaybeFolded(c);
  if (candidates == 0) return;
  // Most CJK text holds no gendered word: nothing is copied until one is found.
  size_t first = 0;
  while (first < s.size() && (!kFirstIdeographs.Has(s[first]) || MatchFold(s, first) == nullptr)) {
    ++first;
  }
  if (first == s.size()) return;
  const Spans& spans = *spans_in;
  CodePoints& out = *spare_cps;
  Spans& out_spans = *spare_spans;
  out.clear();
  out_spans.clear();
  out.reserve(s.size() + 8);
  out_spans.reserve(s.size() + 8);
  // The characters between folds are copied a stretch at a time.
  size_t copied = 0;  // s[copied, i) is still to be copied
  auto copy_to = [&](size_t end) {
    out.insert(out.end(), s.begin() + static_cast<long>(copied),
               s.begin() + static_cast<long>(end));
    out_spans.insert(out_spans.end(), spans.begin() + static_cast<long>(copied),
                     spans.begin() + static_cast<long>(end));
  };
  for (size_t i = first; i < s.size();) {
    const Fold* match = MatchFold(s, i);
    if (match == nullptr) {
      ++i;
      continue;
    }
    copy_to(i);
    const Span span{spans[i].begin, spans[i + match->from.size() - 1].end};
    for (char32_t c : match->to) {
      out.push_back(c);
      out_spans.push_back(span);
    }
    i += match->from.size();
    copied = i;
  }
  copy_to(s.size());
  s.swap(out);
  spans_in->swap(out_spans);
}

}  // namespace meetintent
