// The adapter's internals shared by its files: building snapshots, adding
// deltas to a feature vector's scores, and the overlay file
// (src/overlay_file.md).
#ifndef MEETINTENT_SRC_OVERLAY_INTERNAL_H_
#define MEETINTENT_SRC_OVERLAY_INTERNAL_H_

#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "meetintent/adapt.h"
#include "meetintent/features.h"
#include "meetintent/status.h"

namespace meetintent {

// scores[c] += bias_delta[c] + sum over features of value * delta[id][c].
void AddDeltas(const Overlay& overlay, const std::vector<Feature>& features, float* scores);

// Makes snapshots. A snapshot is a copy of the previous one with the rows
// of the touched features rewritten (copy-on-write), or a fresh table.
class OverlayBuilder {
 public:
  // A snapshot with no deltas.
  static std::shared_ptr<const Overlay> Empty(const Model& base, bool words_only);
  // A fresh snapshot of `ids` (rows: ids.size() x columns deltas; all-zero
  // rows are left out) and the bias deltas.
  static std::shared_ptr<const Overlay> Fresh(const Model& base, bool words_only,
                                              const std::vector<uint32_t>& ids,
                                              const std::vector<float>& rows,
                                              const std::vector<float>& bias_delta);
  // `previous` with the rows of `ids` set to `rows` (ids.size() x columns)
  // and new bias deltas: only the shards that hold `ids` are copied.
  static std::shared_ptr<const Overlay> Patch(const Overlay& previous,
                                              const std::vector<uint32_t>& ids,
                                              const std::vector<float>& rows,
                                              const std::vector<float>& bias_delta);

 private:
  static void SetRows(Overlay* o, const std::vector<uint32_t>& ids, const std::vector<float>& rows);
};

// The largest delta magnitude, learned or read (src/overlay_file.md).
constexpr float kMaxDelta = 1e9f;

// One FTRL-proximal coordinate: the delta its accumulators give
// (src/overlay_file.md, "Meaning"), within +-kMaxDelta: with beta = l2 = 0 the
// denominator is zero at n = 0 and tiny at a tiny n, and an unbounded delta
// would make scores infinite and probabilities NaN.
inline float FtrlWeight(float z, float n, float alpha, float beta, float l1, float l2) {
  if (std::fabs(z) <= l1) return 0.0f;
  const float shrunk = z > 0 ? z - l1 : z + l1;
  const float w = -shrunk / ((beta + std::sqrt(n)) / alpha + l2);
  return std::fmax(-kMaxDelta, std::fmin(kMaxDelta, w));
}
inline float FtrlDelta(float z, float n, const AdaptOptions& o) {
  return FtrlWeight(z, n, o.alpha, o.beta, o.l1, o.l2);
}
// The inverse: a z that gives the non-zero delta w at n (FtrlDelta(z, n)
// equals w up to rounding). Version 2 files store w and n, not z.
inline float FtrlAccumulator(float w, float n, const AdaptOptions& o) {
  const float shrunk = -w * ((o.beta + std::sqrt(n)) / o.alpha + o.l2);
  return shrunk > 0 ? shrunk + o.l1 : shrunk - o.l1;
}

// The learning state the overlay file holds (src/overlay_file.md).
struct OverlayFileState {
  uint32_t version = 2;  // of the file read; files are written in version 2
  uint64_t base_fingerprint = 0;
  uint32_t columns = 1;
  uint64_t updates = 0;
  AdaptOptions options;
  std::vector<float> bias_z, bias_n;  // columns each
  std::vector<uint64_t> label_counts; // one per label
  std::vector<uint32_t> ids;          // strictly increasing
  std::vector<float> z, n;            // ids.size() x columns each
  // The deltas (ids.size() x columns): what predictions use. Written and
  // read bit for bit; n is stored rounded (bfloat16) and, where the delta is
  // not zero, z is derived from the delta and n (FtrlAccumulator).
  std::vector<float> w;
};

// The fingerprint of a base model: its model file's checksum.
uint64_t BaseFingerprint(const Model& base);
std::string SerializeOverlay(const OverlayFileState& state);
// Checks every byte: magic, version, sizes, checksum, values.
Status ParseOverlay(std::string_view bytes, uint32_t hash_bits, OverlayFileState* state);

}  // namespace meetintent

#endif  // MEETINTENT_SRC_OVERLAY_INTERNAL_H_
