// ScoreWithTap (block_scoring.h): the classifier's scoring pass with a
// WordTap beside it, for thread analysis.
#include "block_scoring.h"
#include "features2.h"
#include "model_internals.h"

namespace meetintent {
namespace {

template <class Sink, bool kPacked>
void RunAs(const Model& m, const Workspace& ws, const Sink& sink, WordTap* tap) {
  TappedSink<Sink, kPacked> tapped(sink, tap, ws.tokens().size());
  ForEachFeature2(m.feature_options(), ws.tokens(), &tapped);
  tapped.Finish();
}

// kMayPack: the heads are added at once when the reading is short enough
// (TapLanes::kMaxTokens); only for the usual model (int8, two labels),
// so that the feature loop is not compiled ten times.
template <class Sink, bool kMayPack = false>
void Run(const Model& m, const Workspace& ws, const Sink& sink, WordTap* tap) {
  if constexpr (kMayPack) {
    if (tap->packed != nullptr && ws.tokens().size() <= TapLanes::kMaxTokens) {
      RunAs<Sink, true>(m, ws, sink, tap);
      return;
    }
  }
  RunAs<Sink, false>(m, ws, sink, tap);
}

}  // namespace

void ScoreWithTap(const Model& m, const Overlay* overlay, const Workspace& ws, BlockSums* sums,
                  WordTap* tap) {
  const WeightView& w = ModelInternals::Weights(m);
  const bool int8 = w.type() == WeightType::kInt8;
  if (overlay != nullptr) {
    if (int8) {
      Run(m, ws, ScoringSink<true, false, true>(w, sums, overlay), tap);
    } else {
      Run(m, ws, ScoringSink<false, false, true>(w, sums, overlay), tap);
    }
  } else if (int8 && w.columns() == 1) {
    Run<ScoringSink<true, true>, true>(m, ws, ScoringSink<true, true>(w, sums), tap);
  } else if (int8) {
    Run(m, ws, ScoringSink<true>(w, sums), tap);
  } else {
    Run(m, ws, ScoringSink<false>(w, sums), tap);
  }
}

}  // namespace meetintent
