#include "block_scoring.h"

#include "features2.h"

namespace meetintent {

void ScoresFromSums(const FeatureOptions& options, const WeightView& w, const float* bias,
                    const BlockSums& sums, float* scores) {
  float scales[kFeatureBlocks];
  BlockScales2(options, sums.counts, scales);
  const int cols = sums.columns;
  const bool int8 = w.type() == WeightType::kInt8;
  for (int c = 0; c < cols; ++c) {
    float s = 0.0f;
    for (int b = 0; b < kFeatureBlocks; ++b) {
      const size_t at = static_cast<size_t>(b * cols + c);
      s += scales[b] * (int8 ? static_cast<float>(sums.i8[at]) : sums.f32[at]);
    }
    scores[c] = bias[c] + (int8 ? s * w.column_scale(c) : s);
    float d = 0.0f;
    for (int b = 0; b < kFeatureBlocks; ++b) d += scales[b] * sums.delta[static_cast<size_t>(b * cols + c)];
    if (d != 0.0f) scores[c] += d;
  }
}

}  // namespace meetintent
