#include "probabilities.h"

#include <algorithm>
#include <cmath>

namespace meetintent {

void ScoresToProbabilities(const float* scores, int columns, const Calibration* calibration,
                           float* probs) {
  const float scale = calibration != nullptr ? calibration->scale : 1.0f;
  const bool has_bias = calibration != nullptr && !calibration->bias.empty();
  auto z = [&](int c) { return scale * scores[c] + (has_bias ? calibration->bias[c] : 0.0f); };
  if (columns == 1) {
    const float p1 = 1.0f / (1.0f + std::exp(-z(0)));
    probs[0] = 1.0f - p1;
    probs[1] = p1;
    return;
  }
  float max_z = -INFINITY;
  for (int c = 0; c < columns; ++c) max_z = std::max(max_z, z(c));
  float sum = 0.0f;
  for (int c = 0; c < columns; ++c) {
    probs[c] = std::exp(z(c) - max_z);
    sum += probs[c];
  }
  for (int c = 0; c < columns; ++c) probs[c] /= sum;
}

}  // namespace meetintent
