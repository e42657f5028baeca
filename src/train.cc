#include "meetintent/train.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <map>
#include <thread>

#include "calibrate.h"
#include "meetintent/model_builder.h"
#include "model_file.h"
#include "pipeline.h"
#include "script_coverage.h"
#include "solver.h"
#include "train_data.h"

namespace meetintent {
namespace {

double Seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Options that would make training diverge or mean nothing are refused
// before any work: a non-finite or huge rate leaves NaN weights behind.
Status ValidateTrainOptions(const TrainOptions& o) {
  if (o.epochs < 1) return Status::InvalidArgument("epochs must be at least 1");
  if (!(o.learning_rate > 0 && o.learning_rate <= kMaxLearningRate)) {
    return Status::InvalidArgument("learning rate must be in (0, 1000]");
  }
  if (!(o.l2 >= 0 && o.l2 <= kMaxL2)) return Status::InvalidArgument("l2 must be in [0, 1000]");
  if (!(o.validation_fraction >= 0 && o.validation_fraction < 1)) {
    return Status::InvalidArgument("validation fraction must be in [0, 1)");
  }
  if (o.patience < 1) return Status::InvalidArgument("patience must be at least 1");
  if (o.average < 1 || o.average > 64) {
    return Status::InvalidArgument("average must be in [1, 64]");
  }
  if (std::string_view why = o.features.Validate(); !why.empty()) {
    return Status::InvalidArgument(std::string(why));
  }
  if (o.normalize.max_input_bytes == 0) {
    return Status::InvalidArgument("max_input_bytes must be positive");
  }
  return Status::Ok();
}

// The distinct labels, sorted by byte value, and each example's label index.
std::vector<std::string> LabelsOf(const std::vector<Example>& examples, std::vector<int>* truth) {
  std::map<std::string, int> index;
  for (const Example& e : examples) index.emplace(e.label, 0);
  std::vector<std::string> labels;
  for (auto& [name, i] : index) {
    i = static_cast<int>(labels.size());
    labels.push_back(name);
  }
  truth->resize(examples.size());
  for (size_t i = 0; i < examples.size(); ++i) (*truth)[i] = index[examples[i].label];
  return labels;
}

// Features of every example, once, in parallel; each thread its own
// workspace. Also counts the letters of each script the examples hold.
std::vector<std::vector<Feature>> FeaturizeAll(const TrainOptions& o,
                                               const std::vector<Example>& examples,
                                               uint64_t script_letters[32]) {
  const size_t n = examples.size();
  std::vector<std::vector<Feature>> features(n);
  const size_t threads = static_cast<size_t>(std::max(1, o.threads));
  std::vector<std::array<uint64_t, 32>> letters(threads);
  std::vector<std::thread> pool;
  for (size_t t = 0; t < threads; ++t) {
    letters[t].fill(0);
    pool.emplace_back([&, t] {
      Workspace ws;
      for (size_t i = t; i < n; i += threads) {
        Pipeline::Featurize(o.normalize, o.features, examples[i].text, &ws, &features[i]);
        CountScripts(ws.normalized().text(), letters[t].data());
      }
    });
  }
  for (std::thread& th : pool) th.join();
  for (const auto& l : letters) {
    for (size_t b = 0; b < 32; ++b) script_letters[b] += l[b];
  }
  return features;
}

// The scripts a model knows: those holding at least 1% of the training
// letters, or 1,000 of them.
uint32_t KnownScripts(const uint64_t script_letters[32]) {
  uint64_t all = 0;
  for (size_t b = 0; b < 32; ++b) all += script_letters[b];
  uint32_t known = 0;
  for (size_t b = 0; b < 32; ++b) {
    if (script_letters[b] > 0 && (script_letters[b] * 100 >= all || script_letters[b] >= 1000)) {
      known |= 1u << b;
    }
  }
  return known;
}

// Held-out log-loss and accuracy of the builder's current weights.
void Evaluate(const ModelBuilder& b, const std::vector<std::vector<Feature>>& features,
              const std::vector<int>& truth, const std::vector<size_t>& subset, double* loss,
              double* accuracy) {
  std::vector<float> scores(static_cast<size_t>(b.columns())), probs(b.labels().size());
  double l = 0;
  size_t correct = 0;
  for (size_t i : subset) {
    TrainingProbabilities(b, features[i], scores.data(), probs.data());
    const auto y = static_cast<size_t>(truth[i]);
    l -= std::log(std::max(1e-7f, probs[y]));
    correct += static_cast<size_t>(std::max_element(probs.begin(), probs.end()) - probs.begin()) == y;
  }
  *loss = l / static_cast<double>(subset.size());
  *accuracy = static_cast<double>(correct) / static_cast<double>(subset.size());
}

// Remembers the weights of the epoch with the lowest held-out loss and says
// when `patience` epochs have passed without improving on it.
class EarlyStopping {
 public:
  explicit EarlyStopping(int patience) : patience_(patience) {}

  // Returns true when training should stop.
  bool Observe(int epoch, double loss, double accuracy, const ModelBuilder& b) {
    if (loss < best_loss_ - 1e-6) {
      best_loss_ = loss;
      best_epoch_ = epoch;
      best_accuracy_ = accuracy;
      weights_.assign(b.weights(), b.weights() + b.rows() * static_cast<size_t>(b.columns()));
      bias_.assign(b.bias(), b.bias() + b.columns());
      since_best_ = 0;
      return false;
    }
    return ++since_best_ >= patience_;
  }
  // Puts the best epoch's weights back, if any epoch was observed.
  void Restore(ModelBuilder* b) const {
    if (weights_.empty()) return;
    std::copy(weights_.begin(), weights_.end(), b->weights());
    std::copy(bias_.begin(), bias_.end(), b->bias());
  }
  int best_epoch() const { return best_epoch_; }
  double best_loss() const { return best_loss_; }
  double best_accuracy() const { return best_accuracy_; }

 private:
  int patience_;
  int since_best_ = 0;
  int best_epoch_ = 0;
  double best_loss_ = INFINITY;
  double best_accuracy_ = -1;
  std::vector<float> weights_, bias_;
};

// Fits the calibration on the held-out share when it helps.
void Calibrate(const std::vector<std::vector<Feature>>& features, const std::vector<int>& truth,
               const std::vector<size_t>& validation, ModelBuilder* b, TrainReport* report) {
  const auto k = static_cast<size_t>(b->columns());
  std::vector<float> raw(validation.size() * k);
  std::vector<int> held_truth(validation.size());
  for (size_t j = 0; j < validation.size(); ++j) {
    b->Score(features[validation[j]], &raw[j * k]);
    held_truth[j] = truth[validation[j]];
  }
  const CalibrationChoice c = CalibrateIfBetter(raw, held_truth, b->columns(), b->labels().size());
  report->ece_before = c.ece_before;
  report->ece_after = c.ece_after;
  report->calibration_applied = c.applied;
  if (c.applied) b->set_calibration(c.calibration);
}

// One model: solver epochs with early stopping on the held-out share of
// `seed`, then calibration, left in *builder.
void TrainOne(const TrainOptions& options, uint64_t seed,
              const std::vector<std::vector<Feature>>& features, const std::vector<int>& truth,
              std::chrono::steady_clock::time_point start, ModelBuilder* builder,
              TrainReport* rep) {
  Rng rng(seed);
  Split split = SplitExamples(features.size(), options.validation_fraction, &rng);
  TrainingProblem problem;
  problem.features = &features;
  problem.truth = &truth;
  problem.train = &split.train;
  problem.class_weight = options.balance_classes
                             ? BalancedClassWeights(truth, split.train, builder->labels().size())
                             : std::vector<double>(builder->labels().size(), 1.0);
  problem.learning_rate = options.learning_rate;
  problem.l2 = options.l2;
  problem.builder = builder;
  problem.rng = &rng;
  const std::unique_ptr<Solver> solver = options.optimizer == Optimizer::kLbfgs
                                             ? MakeLbfgsSolver(problem)
                                             : MakeAdaGradSolver(problem);

  rep->train_examples = split.train.size();
  rep->validation_examples = split.validation.size();
  EarlyStopping stopping(options.patience);
  for (int epoch = 1; epoch <= options.epochs; ++epoch) {
    TrainProgress progress;
    progress.epoch = epoch;
    progress.epochs = options.epochs;
    progress.train_loss = solver->Epoch();
    progress.validation_loss = -1;
    rep->epochs_run = epoch;
    bool stop = false;
    if (!split.validation.empty()) {
      Evaluate(*builder, features, truth, split.validation, &progress.validation_loss,
               &progress.validation_accuracy);
      stop = stopping.Observe(epoch, progress.validation_loss, progress.validation_accuracy,
                              *builder);
    }
    progress.seconds = Seconds(start);
    if (options.on_epoch) options.on_epoch(progress);
    if (options.should_stop && options.should_stop(progress)) break;
    if (stop) break;
  }
  if (split.validation.empty()) {
    rep->best_epoch = rep->epochs_run;
  } else {
    stopping.Restore(builder);
    rep->best_epoch = stopping.best_epoch();
    rep->validation_loss = stopping.best_loss();
    rep->validation_accuracy = stopping.best_accuracy();
  }
  if (options.calibrate && split.validation.size() >= 20) {
    Calibrate(features, truth, split.validation, builder, rep);
  }
}

// Adds `member`'s calibrated scores, scale * (w.x + b) + c, to the running
// sums in *sum (whose calibration stays the identity), weighted by 1/n.
void AddCalibrated(const ModelBuilder& member, int n, ModelBuilder* sum) {
  const Calibration& c = member.calibration();
  const float share = 1.0f / static_cast<float>(n);
  const float scale = c.scale * share;
  const size_t count = member.rows() * static_cast<size_t>(member.columns());
  const float* w = member.weights();
  float* out = sum->weights();
  for (size_t i = 0; i < count; ++i) out[i] += scale * w[i];
  for (int k = 0; k < member.columns(); ++k) {
    const float bias = c.bias.empty() ? 0.0f : c.bias[static_cast<size_t>(k)];
    sum->bias()[k] += scale * member.bias()[k] + share * bias;
  }
}

}  // namespace

Status Train(const TrainOptions& options, const std::vector<Example>& examples,
             std::unique_ptr<Model>* out, TrainReport* report) {
  const auto start = std::chrono::steady_clock::now();
  if (out == nullptr) return Status::InvalidArgument("out is NULL");
  if (examples.empty()) return Status::InvalidArgument("no training examples");
  if (Status s = ValidateTrainOptions(options); !s.ok()) return s;
  std::vector<int> truth;
  const std::vector<std::string> labels = LabelsOf(examples, &truth);
  if (labels.size() < 2) {
    return Status::InvalidArgument("training data needs at least two distinct labels, found " +
                                   std::to_string(labels.size()));
  }
  TrainOptions o = options;
  // A version 1 file cannot hold the normalizer options of format 2 and
  // loads with them off: train with them off, so the file reads text as it
  // was trained.
  if (o.features.recipe == 1) o.normalize = Version1NormalizeOptions(o.normalize);
  if (o.features.recipe == 2 && o.features.lexicon == nullptr && o.default_lexicon) {
    std::unique_ptr<Model> default_model;
    if (Model::LoadDefault(&default_model).ok() && default_model->feature_options().recipe == 2) {
      o.features.lexicon = default_model->feature_options().lexicon;
    }
  }
  std::unique_ptr<ModelBuilder> builder;
  if (Status s = ModelBuilder::Create(labels, o.normalize, o.features, &builder); !s.ok()) {
    return s;
  }
  uint64_t script_letters[32] = {};
  const std::vector<std::vector<Feature>> features = FeaturizeAll(o, examples, script_letters);
  builder->set_known_scripts(KnownScripts(script_letters));

  TrainReport rep;
  TrainOne(options, options.seed, features, truth, start, builder.get(), &rep);
  if (options.average > 1) {
    std::unique_ptr<ModelBuilder> sum, member;
    if (Status s = ModelBuilder::Create(labels, o.normalize, o.features, &sum); !s.ok()) return s;
    sum->set_known_scripts(builder->known_scripts());
    AddCalibrated(*builder, options.average, sum.get());
    for (int m = 1; m < options.average; ++m) {
      if (Status s = ModelBuilder::Create(labels, o.normalize, o.features, &member); !s.ok()) {
        return s;
      }
      TrainReport member_report;
      TrainOne(options, options.seed + static_cast<uint64_t>(m), features, truth, start,
               member.get(), &member_report);
      AddCalibrated(*member, options.average, sum.get());
    }
    builder = std::move(sum);
    rep.models_averaged = options.average;
  }
  if (Status s = builder->Build(options.quantize, out); !s.ok()) return s;
  rep.seconds = Seconds(start);
  if (report != nullptr) *report = rep;
  return Status::Ok();
}

}  // namespace meetintent
