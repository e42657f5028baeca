// The trainer's data handling, each step alone and tested alone
// (train_data_test.cc): a platform-independent shuffle, the split into a
// training and a held-out share, and class weights.
#ifndef MEETINTENT_SRC_TRAIN_DATA_H_
#define MEETINTENT_SRC_TRAIN_DATA_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace meetintent {

// SplitMix64: a tiny, fully specified generator, so shuffles are identical on
// every platform (std::shuffle's algorithm is implementation-defined).
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next();
  // Uniform in [0, n) by rejection, so no modulo bias. REQUIRES: n > 0.
  uint64_t Below(uint64_t n);

 private:
  uint64_t state_;
};

// Fisher-Yates with Rng.
void Shuffle(std::vector<size_t>* v, Rng* rng);

struct Split {
  std::vector<size_t> train;       // indices into the examples
  std::vector<size_t> validation;  // held out: floor(n * fraction), at most n - 1
};

// Shuffles 0..n-1 with rng and holds out the first floor(n * fraction).
// REQUIRES: n > 0, 0 <= fraction < 1.
Split SplitExamples(size_t n, double fraction, Rng* rng);

// One weight per label: N / (K * n_c) over the examples in `subset`, so every
// label weighs the same in total; 1 for labels absent from the subset.
std::vector<double> BalancedClassWeights(const std::vector<int>& truth,
                                         const std::vector<size_t>& subset, size_t num_labels);

}  // namespace meetintent

#endif  // MEETINTENT_SRC_TRAIN_DATA_H_
