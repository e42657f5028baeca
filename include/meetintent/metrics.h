// Evaluation metrics: accuracy, per-class precision/recall/F1, macro-F1,
// ROC AUC (two classes), expected calibration error and the confusion matrix.
#ifndef MEETINTENT_METRICS_H_
#define MEETINTENT_METRICS_H_

#include <cstddef>
#include <vector>

#include "meetintent/export.h"

namespace meetintent {

struct ClassMetrics {
  double precision = 0, recall = 0, f1 = 0;
  size_t support = 0;  // true examples of this class
};

struct Metrics {
  size_t count = 0;
  double accuracy = 0;
  double macro_f1 = 0;
  double roc_auc = -1;  // two classes only: P(class 1) ranks class 1 first; -1 otherwise
  double ece = 0;       // expected calibration error, 15 equal-width confidence bins
  double log_loss = 0;
  std::vector<ClassMetrics> per_class;
  std::vector<std::vector<size_t>> confusion;  // [true][predicted]
};

// `probabilities` holds num_classes values per example, row after row.
// REQUIRES: truth.size() * num_classes == probabilities.size(); every truth
// value is in [0, num_classes).
MI_EXPORT Metrics ComputeMetrics(const std::vector<int>& truth,
                                 const std::vector<float>& probabilities, size_t num_classes);

// Expected calibration error of the predicted class's probability.
MI_EXPORT double ExpectedCalibrationError(const std::vector<int>& truth,
                                          const std::vector<float>& probabilities,
                                          size_t num_classes, int bins = 15);

}  // namespace meetintent

#endif  // MEETINTENT_METRICS_H_
