#include "train_data.h"

#include <cmath>
#include <utility>

namespace meetintent {

uint64_t Rng::Next() {
  uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

uint64_t Rng::Below(uint64_t n) {
  const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  uint64_t v;
  do {
    v = Next();
  } while (v >= limit);
  return v % n;
}

void Shuffle(std::vector<size_t>* v, Rng* rng) {
  for (size_t i = v->size(); i > 1; --i) std::swap((*v)[i - 1], (*v)[rng->Below(i)]);
}

Split SplitExamples(size_t n, double fraction, Rng* rng) {
  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = i;
  Shuffle(&order, rng);
  size_t held = static_cast<size_t>(std::floor(static_cast<double>(n) * fraction));
  if (held >= n) held = n - 1;
  Split s;
  s.validation.assign(order.begin(), order.begin() + static_cast<long>(held));
  s.train.assign(order.begin() + static_cast<long>(held), order.end());
  return s;
}

std::vector<double> BalancedClassWeights(const std::vector<int>& truth,
                                         const std::vector<size_t>& subset, size_t num_labels) {
  std::vector<size_t> counts(num_labels, 0);
  for (size_t i : subset) ++counts[static_cast<size_t>(truth[i])];
  std::vector<double> weights(num_labels, 1.0);
  for (size_t c = 0; c < num_labels; ++c) {
    if (counts[c] == 0) continue;
    weights[c] = static_cast<double>(subset.size()) /
                 (static_cast<double>(num_labels) * static_cast<double>(counts[c]));
  }
  return weights;
}

}  // namespace meetintent
