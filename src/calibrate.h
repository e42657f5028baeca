// Fits the probability calibration of a trained model on held-out scores.
#ifndef MEETINTENT_SRC_CALIBRATE_H_
#define MEETINTENT_SRC_CALIBRATE_H_

#include <vector>

#include "meetintent/model.h"

namespace meetintent {

// `scores` holds `columns` raw scores per example; `truth` the label index.
// Two labels (columns == 1): Platt scaling, p = sigmoid(a*s + b), fitted by
// Newton's method on the log-loss. More: temperature, p = softmax(a*s),
// fitted by golden-section search over log a.
Calibration FitCalibration(const std::vector<float>& scores, const std::vector<int>& truth,
                           int columns);

// Applies a calibration to raw scores, giving num_labels probabilities per example.
std::vector<float> ApplyCalibration(const Calibration& c, const std::vector<float>& scores,
                                    int columns);

struct CalibrationChoice {
  Calibration calibration;  // the identity when not applied
  bool applied = false;
  double ece_before = 0;    // held-out ECE with raw scores
  double ece_after = 0;     // and with the chosen calibration
};

// Fits a calibration on held-out raw scores and keeps it only when it lowers
// the expected calibration error and its scale is usable (>= 1e-3).
CalibrationChoice CalibrateIfBetter(const std::vector<float>& scores, const std::vector<int>& truth,
                                    int columns, size_t num_labels);

}  // namespace meetintent

#endif  // MEETINTENT_SRC_CALIBRATE_H_
