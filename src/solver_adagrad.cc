#include <cmath>

#include "probabilities.h"
#include "solver.h"

namespace meetintent {

void TrainingProbabilities(const ModelBuilder& b, const std::vector<Feature>& features,
                           float* scores, float* probabilities) {
  b.Score(features, scores);
  ScoresToProbabilities(scores, b.columns(), nullptr, probabilities);
}

namespace {

class AdaGradSolver : public Solver {
 public:
  explicit AdaGradSolver(const TrainingProblem& p)
      : p_(p),
        k_(static_cast<size_t>(p.builder->columns())),
        g2_(p.builder->rows() * k_, 0.0f),
        bias_g2_(k_, 0.0f),
        scores_(k_),
        probs_(p.builder->labels().size()),
        grad_(k_) {}

  double Epoch() override {
    Shuffle(p_.train, p_.rng);
    double loss = 0;
    for (size_t i : *p_.train) loss += Step((*p_.features)[i], (*p_.truth)[i]);
    return loss / static_cast<double>(p_.train->size());
  }

 private:
  // One example: returns its log-loss before the update.
  double Step(const std::vector<Feature>& f, int y) {
    ModelBuilder& b = *p_.builder;
    TrainingProbabilities(b, f, scores_.data(), probs_.data());
    const double loss = -std::log(std::max(1e-7f, probs_[static_cast<size_t>(y)]));
    const auto cw = static_cast<float>(p_.class_weight[static_cast<size_t>(y)]);
    // d(loss)/d(score_c): for one logistic column it is p1 - [y == 1].
    if (k_ == 1) {
      grad_[0] = (probs_[1] - (y == 1 ? 1.0f : 0.0f)) * cw;
    } else {
      for (size_t c = 0; c < k_; ++c) {
        grad_[c] = (probs_[c] - (static_cast<int>(c) == y ? 1.0f : 0.0f)) * cw;
      }
    }
    const float lr = p_.learning_rate, l2 = p_.l2;
    float* w = b.weights();
    for (const Feature& feat : f) {
      float* row = w + static_cast<size_t>(feat.id) * k_;
      float* row_g2 = g2_.data() + static_cast<size_t>(feat.id) * k_;
      for (size_t c = 0; c < k_; ++c) {
        const float g = grad_[c] * feat.value + l2 * row[c];
        row_g2[c] += g * g;
        row[c] -= lr * g / (std::sqrt(row_g2[c]) + 1e-8f);
      }
    }
    float* bias = b.bias();
    for (size_t c = 0; c < k_; ++c) {
      bias_g2_[c] += grad_[c] * grad_[c];
      bias[c] -= lr * grad_[c] / (std::sqrt(bias_g2_[c]) + 1e-8f);
    }
    return loss;
  }

  TrainingProblem p_;
  size_t k_;
  std::vector<float> g2_, bias_g2_, scores_, probs_, grad_;
};

}  // namespace

std::unique_ptr<Solver> MakeAdaGradSolver(const TrainingProblem& problem) {
  return std::make_unique<AdaGradSolver>(problem);
}

}  // namespace meetintent
