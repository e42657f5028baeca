// The trainer: multinomial logistic regression with L2 regularisation over
// the hashed features, fitted by AdaGrad SGD (default) or full-batch L-BFGS. Deterministic: the same
// examples, options and seed give the same model bytes on every platform.
//
// A share of the examples (validation_fraction) is held out for early
// stopping and for fitting the calibration (Platt scaling for two labels,
// temperature scaling for more), which is kept only when it lowers the
// held-out expected calibration error.
#ifndef MEETINTENT_TRAIN_H_
#define MEETINTENT_TRAIN_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "meetintent/dataset.h"
#include "meetintent/export.h"
#include "meetintent/features.h"
#include "meetintent/model.h"
#include "meetintent/normalizer.h"
#include "meetintent/status.h"

namespace meetintent {

struct TrainProgress {
  int epoch = 0;               // 1-based
  int epochs = 0;
  double train_loss = 0;       // mean log-loss over the epoch's updates
  double validation_loss = 0;  // -1 without a validation split
  double validation_accuracy = 0;
  double seconds = 0;          // since training started
};

enum class Optimizer {
  kAdaGrad,  // stochastic, one pass per epoch
  kLbfgs,    // full-batch L-BFGS, one iteration per epoch
};

// Bounds on the rate and the penalty: beyond them training diverges.
constexpr float kMaxLearningRate = 1000.0f;
constexpr float kMaxL2 = 1000.0f;

struct TrainOptions {
  NormalizeOptions normalize;
  FeatureOptions features;
  Optimizer optimizer = Optimizer::kAdaGrad;  // Default: AdaGrad (measured better here).
  int epochs = 10;                   // Upper bound on passes (L-BFGS: iterations). Default: 10.
  float learning_rate = 0.5f;        // AdaGrad base rate, (0, 1000]. Default: 0.5.
  float l2 = 1e-3f;                  // L2 penalty per update, [0, 1000]. Default: 1e-3.
  uint64_t seed = 1;                 // Shuffling and splitting. Default: 1.
  double validation_fraction = 0.1;  // Held out; 0 disables early stopping. Default: 0.1.
  int patience = 2;                  // Epochs without improvement before stopping. Default: 2.
  bool balance_classes = true;       // Weight classes by N/(K*n_c). Default: true.
  bool calibrate = true;             // Fit calibration on the held-out share. Default: true.
  bool quantize = false;             // Store int8 weights. Default: false.
  // Recipe 2 without features.lexicon: borrow the embedded default model's
  // lexicon (word clusters, first names, gendered words). Default: true.
  bool default_lexicon = true;
  // Trains this many models, with seeds seed, seed+1, ... (each its own
  // shuffle and held-out share), and averages their calibrated weights into
  // one linear model of the same size: the average of their calibrated
  // scores, so it predicts as the ensemble does at the cost of one model.
  // It lowers the variance that the choice of held-out share and early
  // stopping epoch leaves in a single run. [1, 64]. Default: 1.
  int average = 1;
  int threads = 2;                   // Threads for feature extraction. Default: 2.
  // Called after every epoch, e.g. to print progress. Default: none.
  std::function<void(const TrainProgress&)> on_epoch;
  // Called after every epoch, after on_epoch: returning true stops training
  // there and keeps the best model so far, as early stopping does. Default: none.
  std::function<bool(const TrainProgress&)> should_stop;
};

struct TrainReport {
  size_t train_examples = 0;
  size_t validation_examples = 0;
  int epochs_run = 0;
  int best_epoch = 0;
  double validation_loss = -1;
  double validation_accuracy = -1;
  double ece_before = -1;  // held-out ECE before calibration
  double ece_after = -1;   // and after (equal to before when not applied)
  bool calibration_applied = false;
  int models_averaged = 1;  // TrainOptions::average; the fields above are the first model's
  double seconds = 0;
};

// Trains a model on `examples`. Labels are the distinct label strings, sorted
// by byte value. Fails with kInvalidArgument on fewer than two labels, empty
// data, bad options, or a run that diverged (a weight not finite or beyond
// the model format's bound): it never returns a model that cannot be saved
// and loaded.
// REQUIRES: out != nullptr. report may be nullptr.
MI_EXPORT Status Train(const TrainOptions& options, const std::vector<Example>& examples,
                       std::unique_ptr<Model>* out, TrainReport* report);

}  // namespace meetintent

#endif  // MEETINTENT_TRAIN_H_
