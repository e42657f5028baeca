#include "meetintent/train.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <thread>

#include "calibrate.h"
#include "meetintent/metrics.h"

namespace meetintent {
namespace {

// SplitMix64: a tiny, fully specified generator, so shuffles are identical on
// every platform (std::shuffle's algorithm is implementation-defined).
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n) by rejection, so no modulo bias.
  uint64_t Below(uint64_t n) {
    const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t v;
    do {
      v = Next();
    } while (v >= limit);
    return v % n;
  }

 private:
  uint64_t state_;
};

template <typename T>
void Shuffle(std::vector<T>* v, Rng* rng) {
  for (size_t i = v->size(); i > 1; --i) std::swap((*v)[i - 1], (*v)[rng->Below(i)]);
}

double Seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Probabilities from raw scores without calibration (the training objective).
void Probabilities(const float* scores, int columns, float* probs) {
  if (columns == 1) {
    probs[1] = 1.0f / (1.0f + std::exp(-scores[0]));
    probs[0] = 1.0f - probs[1];
    return;
  }
  float mx = *std::max_element(scores, scores + columns);
  float sum = 0;
  for (int c = 0; c < columns; ++c) sum += probs[c] = std::exp(scores[c] - mx);
  for (int c = 0; c < columns; ++c) probs[c] /= sum;
}

}  // namespace

Status Train(const TrainOptions& options, const std::vector<Example>& examples,
             std::unique_ptr<Model>* out, TrainReport* report) {
  const auto start = std::chrono::steady_clock::now();
  if (out == nullptr) return Status::InvalidArgument("out is NULL");
  if (examples.empty()) return Status::InvalidArgument("no training examples");
  if (options.epochs < 1) return Status::InvalidArgument("epochs must be at least 1");
  if (!(options.learning_rate > 0)) return Status::InvalidArgument("learning rate must be > 0");
  if (!(options.l2 >= 0)) return Status::InvalidArgument("l2 must be >= 0");
  if (!(options.validation_fraction >= 0 && options.validation_fraction < 1)) {
    return Status::InvalidArgument("validation fraction must be in [0, 1)");
  }

  std::map<std::string, int> label_index;
  for (const Example& e : examples) label_index.emplace(e.label, 0);
  std::vector<std::string> labels;
  for (auto& [name, idx] : label_index) {
    idx = static_cast<int>(labels.size());
    labels.push_back(name);
  }
  if (labels.size() < 2) {
    return Status::InvalidArgument("training data needs at least two distinct labels, found " +
                                   std::to_string(labels.size()));
  }
  std::unique_ptr<Model> model;
  if (Status s = Model::Create(labels, options.normalize, options.features, &model); !s.ok()) {
    return s;
  }
  const int columns = model->columns();
  const auto k = static_cast<size_t>(columns);
  const size_t num_labels = labels.size();

  // Features once, in parallel; each thread its own workspace.
  const size_t n = examples.size();
  std::vector<std::vector<Feature>> features(n);
  std::vector<int> truth(n);
  for (size_t i = 0; i < n; ++i) truth[i] = label_index[examples[i].label];
  {
    const size_t threads = static_cast<size_t>(std::max(1, options.threads));
    std::vector<std::thread> pool;
    for (size_t t = 0; t < threads; ++t) {
      pool.emplace_back([&, t] {
        Workspace ws;
        for (size_t i = t; i < n; i += threads) {
          model->Featurize(examples[i].text, &ws, &features[i]);
        }
      });
    }
    for (std::thread& th : pool) th.join();
  }

  Rng rng(options.seed);
  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = i;
  Shuffle(&order, &rng);
  size_t num_validation = static_cast<size_t>(std::floor(static_cast<double>(n) *
                                                         options.validation_fraction));
  if (num_validation >= n) num_validation = n - 1;
  const std::vector<size_t> validation(order.begin(), order.begin() + static_cast<long>(num_validation));
  std::vector<size_t> train(order.begin() + static_cast<long>(num_validation), order.end());

  std::vector<double> class_weight(num_labels, 1.0);
  if (options.balance_classes) {
    std::vector<size_t> counts(num_labels, 0);
    for (size_t i : train) ++counts[static_cast<size_t>(truth[i])];
    for (size_t c = 0; c < num_labels; ++c) {
      class_weight[c] = counts[c] ? static_cast<double>(train.size()) /
                                        (static_cast<double>(num_labels) * static_cast<double>(counts[c]))
                                  : 1.0;
    }
  }

  float* w = model->mutable_weights();
  float* bias = model->mutable_bias();
  const size_t wsize = model->rows() * k;
  std::vector<float> g2(wsize, 0.0f), bias_g2(k, 0.0f);
  std::vector<float> best_w, best_bias;
  const float lr = options.learning_rate, l2 = options.l2;
  std::vector<float> scores(k), probs(num_labels), grad(k);

  auto score = [&](const std::vector<Feature>& f) {
    model->Score(f, scores.data());
    Probabilities(scores.data(), columns, probs.data());
  };
  auto evaluate = [&](double* loss, double* accuracy) {
    double l = 0;
    size_t correct = 0;
    for (size_t i : validation) {
      score(features[i]);
      l -= std::log(std::max(1e-7f, probs[static_cast<size_t>(truth[i])]));
      correct += static_cast<int>(std::max_element(probs.begin(), probs.end()) - probs.begin()) ==
                 truth[i];
    }
    *loss = l / static_cast<double>(validation.size());
    *accuracy = static_cast<double>(correct) / static_cast<double>(validation.size());
  };

  TrainReport rep;
  rep.train_examples = train.size();
  rep.validation_examples = validation.size();
  double best_loss = INFINITY;
  int since_best = 0;
  // One AdaGrad pass over the shuffled training share.
  auto adagrad_epoch = [&]() {
    Shuffle(&train, &rng);
    double train_loss = 0;
    for (size_t i : train) {
      const std::vector<Feature>& f = features[i];
      const int y = truth[i];
      score(f);
      train_loss -= std::log(std::max(1e-7f, probs[static_cast<size_t>(y)]));
      const auto cw = static_cast<float>(class_weight[static_cast<size_t>(y)]);
      // d(loss)/d(score_c): for one logistic column it is p1 - [y == 1].
      if (columns == 1) {
        grad[0] = (probs[1] - (y == 1 ? 1.0f : 0.0f)) * cw;
      } else {
        for (size_t c = 0; c < k; ++c) grad[c] = (probs[c] - (static_cast<int>(c) == y ? 1.0f : 0.0f)) * cw;
      }
      for (const Feature& feat : f) {
        float* row = w + static_cast<size_t>(feat.id) * k;
        float* row_g2 = g2.data() + static_cast<size_t>(feat.id) * k;
        for (size_t c = 0; c < k; ++c) {
          const float g = grad[c] * feat.value + l2 * row[c];
          row_g2[c] += g * g;
          row[c] -= lr * g / (std::sqrt(row_g2[c]) + 1e-8f);
        }
      }
      for (size_t c = 0; c < k; ++c) {
        bias_g2[c] += grad[c] * grad[c];
        bias[c] -= lr * grad[c] / (std::sqrt(bias_g2[c]) + 1e-8f);
      }
    }
    return train_loss / static_cast<double>(train.size());
  };

  // L-BFGS on the full training share: the mean class-weighted log-loss plus
  // (l2 / 2) |W|^2, parameters [W, bias] as one vector. One "epoch" is one
  // iteration (a direction from the last kHistory steps, then a backtracking
  // line search).
  constexpr size_t kHistory = 8;
  const size_t dim = wsize + k;
  std::vector<float> theta_g, next_g, direction, saved;
  std::vector<std::vector<float>> hist_s, hist_y;
  std::vector<double> hist_rho;
  double current_f = 0;
  auto param = [&](size_t j) -> float& { return j < wsize ? w[j] : bias[j - wsize]; };
  // Objective and gradient at the current parameters.
  auto objective = [&](std::vector<float>* g) {
    g->assign(dim, 0.0f);
    double f = 0;
    const double inv_n = 1.0 / static_cast<double>(train.size());
    for (size_t i : train) {
      const int y = truth[i];
      score(features[i]);
      const double cw = class_weight[static_cast<size_t>(y)];
      f -= cw * std::log(std::max(1e-12, static_cast<double>(probs[static_cast<size_t>(y)])));
      for (size_t c = 0; c < k; ++c) {
        const double d = columns == 1 ? probs[1] - (y == 1 ? 1.0 : 0.0)
                                      : probs[c] - (static_cast<int>(c) == y ? 1.0 : 0.0);
        const auto gc = static_cast<float>(cw * d * inv_n);
        for (const Feature& feat : features[i]) {
          (*g)[static_cast<size_t>(feat.id) * k + c] += gc * feat.value;
        }
        (*g)[wsize + c] += gc;
      }
    }
    f *= inv_n;
    double reg = 0;
    for (size_t j = 0; j < wsize; ++j) {
      reg += static_cast<double>(w[j]) * w[j];
      (*g)[j] += l2 * w[j];
    }
    return f + 0.5 * l2 * reg;
  };
  auto dot = [](const std::vector<float>& a, const std::vector<float>& b) {
    double d = 0;
    for (size_t j = 0; j < a.size(); ++j) d += static_cast<double>(a[j]) * b[j];
    return d;
  };
  auto lbfgs_iteration = [&]() {
    if (theta_g.empty()) current_f = objective(&theta_g);
    // Two-loop recursion: direction = -H * gradient.
    direction = theta_g;
    std::vector<double> alpha(hist_s.size());
    for (size_t m = hist_s.size(); m-- > 0;) {
      alpha[m] = hist_rho[m] * dot(hist_s[m], direction);
      for (size_t j = 0; j < dim; ++j) direction[j] -= static_cast<float>(alpha[m]) * hist_y[m][j];
    }
    double gamma = 1.0;
    if (!hist_s.empty()) {
      gamma = dot(hist_s.back(), hist_y.back()) / dot(hist_y.back(), hist_y.back());
    } else {
      gamma = 1.0 / std::max(1e-12, std::sqrt(dot(theta_g, theta_g)));
    }
    for (float& v : direction) v *= static_cast<float>(gamma);
    for (size_t m = 0; m < hist_s.size(); ++m) {
      const double beta = hist_rho[m] * dot(hist_y[m], direction);
      for (size_t j = 0; j < dim; ++j) {
        direction[j] += static_cast<float>(alpha[m] - beta) * hist_s[m][j];
      }
    }
    for (float& v : direction) v = -v;
    const double slope = dot(theta_g, direction);
    saved.resize(dim);
    for (size_t j = 0; j < dim; ++j) saved[j] = param(j);
    double t = 1.0, next_f = current_f;
    bool accepted = false;
    for (int tries = 0; tries < 30 && slope < 0; ++tries, t *= 0.5) {
      for (size_t j = 0; j < dim; ++j) param(j) = saved[j] + static_cast<float>(t) * direction[j];
      next_f = objective(&next_g);
      if (next_f <= current_f + 1e-4 * t * slope) {
        accepted = true;
        break;
      }
    }
    if (!accepted) {  // no progress possible along this direction: stay
      for (size_t j = 0; j < dim; ++j) param(j) = saved[j];
      hist_s.clear();
      hist_y.clear();
      hist_rho.clear();
      return current_f;
    }
    std::vector<float> step(dim), change(dim);
    for (size_t j = 0; j < dim; ++j) {
      step[j] = param(j) - saved[j];
      change[j] = next_g[j] - theta_g[j];
    }
    const double sy = dot(step, change);
    if (sy > 1e-12) {
      if (hist_s.size() == kHistory) {
        hist_s.erase(hist_s.begin());
        hist_y.erase(hist_y.begin());
        hist_rho.erase(hist_rho.begin());
      }
      hist_s.push_back(std::move(step));
      hist_y.push_back(std::move(change));
      hist_rho.push_back(1.0 / sy);
    }
    theta_g.swap(next_g);
    current_f = next_f;
    return current_f;
  };

  for (int epoch = 1; epoch <= options.epochs; ++epoch) {
    const double train_loss =
        options.optimizer == Optimizer::kLbfgs ? lbfgs_iteration() : adagrad_epoch();
    TrainProgress progress;
    progress.epoch = epoch;
    progress.epochs = options.epochs;
    progress.train_loss = train_loss;
    progress.validation_loss = -1;
    rep.epochs_run = epoch;
    if (!validation.empty()) {
      evaluate(&progress.validation_loss, &progress.validation_accuracy);
      if (progress.validation_loss < best_loss - 1e-6) {
        best_loss = progress.validation_loss;
        rep.best_epoch = epoch;
        rep.validation_loss = progress.validation_loss;
        rep.validation_accuracy = progress.validation_accuracy;
        best_w.assign(w, w + wsize);
        best_bias.assign(bias, bias + k);
        since_best = 0;
      } else {
        ++since_best;
      }
    } else {
      rep.best_epoch = epoch;
    }
    progress.seconds = Seconds(start);
    if (options.on_epoch) options.on_epoch(progress);
    if (options.should_stop && options.should_stop(progress)) break;
    if (!validation.empty() && since_best >= options.patience) break;
  }
  if (!best_w.empty()) {
    std::copy(best_w.begin(), best_w.end(), w);
    std::copy(best_bias.begin(), best_bias.end(), bias);
  }

  if (options.calibrate && validation.size() >= 20) {
    std::vector<float> raw(validation.size() * k);
    std::vector<int> vtruth(validation.size());
    for (size_t j = 0; j < validation.size(); ++j) {
      model->Score(features[validation[j]], &raw[j * k]);
      vtruth[j] = truth[validation[j]];
    }
    const Calibration identity;
    rep.ece_before = ExpectedCalibrationError(vtruth, ApplyCalibration(identity, raw, columns),
                                              num_labels);
    const Calibration fitted = FitCalibration(raw, vtruth, columns);
    const double ece_fitted =
        ExpectedCalibrationError(vtruth, ApplyCalibration(fitted, raw, columns), num_labels);
    if (ece_fitted < rep.ece_before) {
      model->set_calibration(fitted);
      rep.calibration_applied = true;
      rep.ece_after = ece_fitted;
    } else {
      rep.ece_after = rep.ece_before;
    }
  }
  if (options.quantize) model->Quantize();
  rep.seconds = Seconds(start);
  if (report != nullptr) *report = rep;
  *out = std::move(model);
  return Status::Ok();
}

}  // namespace meetintent
