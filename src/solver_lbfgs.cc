#include <algorithm>
#include <cmath>

#include "solver.h"

namespace meetintent {
namespace {

double Dot(const std::vector<float>& a, const std::vector<float>& b) {
  double d = 0;
  for (size_t j = 0; j < a.size(); ++j) d += static_cast<double>(a[j]) * b[j];
  return d;
}

// The parameters [W, bias] are one vector of rows * k + k values.
class LbfgsSolver : public Solver {
 public:
  explicit LbfgsSolver(const TrainingProblem& p)
      : p_(p),
        k_(static_cast<size_t>(p.builder->columns())),
        wsize_(p.builder->rows() * k_),
        dim_(wsize_ + k_),
        scores_(k_),
        probs_(p.builder->labels().size()) {}

  double Epoch() override {
    if (gradient_.empty()) value_ = Objective(&gradient_);
    ComputeDirection();
    const double slope = Dot(gradient_, direction_);
    saved_.resize(dim_);
    for (size_t j = 0; j < dim_; ++j) saved_[j] = Param(j);
    double t = 1.0, next_value = value_;
    bool accepted = false;
    for (int tries = 0; tries < 30 && slope < 0; ++tries, t *= 0.5) {
      for (size_t j = 0; j < dim_; ++j) Param(j) = saved_[j] + static_cast<float>(t) * direction_[j];
      next_value = Objective(&next_gradient_);
      if (next_value <= value_ + 1e-4 * t * slope) {  // Armijo
        accepted = true;
        break;
      }
    }
    if (!accepted) {  // no progress possible along this direction: stay
      for (size_t j = 0; j < dim_; ++j) Param(j) = saved_[j];
      steps_.clear();
      changes_.clear();
      rho_.clear();
      return value_;
    }
    Remember();
    gradient_.swap(next_gradient_);
    value_ = next_value;
    return value_;
  }

 private:
  static constexpr size_t kHistory = 8;

  float& Param(size_t j) {
    return j < wsize_ ? p_.builder->weights()[j] : p_.builder->bias()[j - wsize_];
  }

  // The objective and its gradient at the current parameters.
  double Objective(std::vector<float>* g) {
    g->assign(dim_, 0.0f);
    double f = 0;
    const double inv_n = 1.0 / static_cast<double>(p_.train->size());
    for (size_t i : *p_.train) {
      const int y = (*p_.truth)[i];
      const std::vector<Feature>& features = (*p_.features)[i];
      TrainingProbabilities(*p_.builder, features, scores_.data(), probs_.data());
      const double cw = p_.class_weight[static_cast<size_t>(y)];
      f -= cw * std::log(std::max(1e-12, static_cast<double>(probs_[static_cast<size_t>(y)])));
      for (size_t c = 0; c < k_; ++c) {
        const double d = k_ == 1 ? probs_[1] - (y == 1 ? 1.0 : 0.0)
                                 : probs_[c] - (static_cast<int>(c) == y ? 1.0 : 0.0);
        const auto gc = static_cast<float>(cw * d * inv_n);
        for (const Feature& feat : features) (*g)[static_cast<size_t>(feat.id) * k_ + c] += gc * feat.value;
        (*g)[wsize_ + c] += gc;
      }
    }
    f *= inv_n;
    double reg = 0;
    const float* w = p_.builder->weights();
    for (size_t j = 0; j < wsize_; ++j) {
      reg += static_cast<double>(w[j]) * w[j];
      (*g)[j] += p_.l2 * w[j];
    }
    return f + 0.5 * p_.l2 * reg;
  }

  // Two-loop recursion: direction = -H * gradient.
  void ComputeDirection() {
    direction_ = gradient_;
    std::vector<double> alpha(steps_.size());
    for (size_t m = steps_.size(); m-- > 0;) {
      alpha[m] = rho_[m] * Dot(steps_[m], direction_);
      for (size_t j = 0; j < dim_; ++j) direction_[j] -= static_cast<float>(alpha[m]) * changes_[m][j];
    }
    const double gamma = steps_.empty()
                             ? 1.0 / std::max(1e-12, std::sqrt(Dot(gradient_, gradient_)))
                             : Dot(steps_.back(), changes_.back()) / Dot(changes_.back(), changes_.back());
    for (float& v : direction_) v *= static_cast<float>(gamma);
    for (size_t m = 0; m < steps_.size(); ++m) {
      const double beta = rho_[m] * Dot(changes_[m], direction_);
      for (size_t j = 0; j < dim_; ++j) direction_[j] += static_cast<float>(alpha[m] - beta) * steps_[m][j];
    }
    for (float& v : direction_) v = -v;
  }

  // Keeps the accepted step and gradient change, at most kHistory of them.
  void Remember() {
    std::vector<float> step(dim_), change(dim_);
    for (size_t j = 0; j < dim_; ++j) {
      step[j] = Param(j) - saved_[j];
      change[j] = next_gradient_[j] - gradient_[j];
    }
    const double sy = Dot(step, change);
    if (sy <= 1e-12) return;
    if (steps_.size() == kHistory) {
      steps_.erase(steps_.begin());
      changes_.erase(changes_.begin());
      rho_.erase(rho_.begin());
    }
    steps_.push_back(std::move(step));
    changes_.push_back(std::move(change));
    rho_.push_back(1.0 / sy);
  }

  TrainingProblem p_;
  size_t k_, wsize_, dim_;
  std::vector<float> scores_, probs_;
  double value_ = 0;
  std::vector<float> gradient_, next_gradient_, direction_, saved_;
  std::vector<std::vector<float>> steps_, changes_;
  std::vector<double> rho_;
};

}  // namespace

std::unique_ptr<Solver> MakeLbfgsSolver(const TrainingProblem& problem) {
  return std::make_unique<LbfgsSolver>(problem);
}

}  // namespace meetintent
