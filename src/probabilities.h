// Scores to probabilities: the one implementation, used at inference, by the
// trainer (uncalibrated) and when choosing a calibration.
#ifndef MEETINTENT_SRC_PROBABILITIES_H_
#define MEETINTENT_SRC_PROBABILITIES_H_

#include "meetintent/model.h"

namespace meetintent {

// `columns` raw scores to the probabilities of columns == 1 ? 2 : columns
// labels: sigmoid of one column (it scores label 1), or a softmax.
// calibration == nullptr means none (scale 1, no bias).
void ScoresToProbabilities(const float* scores, int columns, const Calibration* calibration,
                           float* probabilities);

}  // namespace meetintent

#endif  // MEETINTENT_SRC_PROBABILITIES_H_
