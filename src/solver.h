// The trainer's optimizers behind one small interface. Each minimizes the
// class-weighted multinomial log-loss of the linear model (a logistic loss
// for one score column) plus an L2 penalty, over feature vectors extracted
// once, writing straight into a ModelBuilder's weights.
#ifndef MEETINTENT_SRC_SOLVER_H_
#define MEETINTENT_SRC_SOLVER_H_

#include <memory>
#include <vector>

#include "meetintent/features.h"
#include "meetintent/model_builder.h"
#include "train_data.h"

namespace meetintent {

struct TrainingProblem {
  const std::vector<std::vector<Feature>>* features = nullptr;  // per example
  const std::vector<int>* truth = nullptr;                      // label index per example
  std::vector<size_t>* train = nullptr;  // the examples to fit (AdaGrad reorders them)
  std::vector<double> class_weight;      // per label
  float learning_rate = 0.5f;
  float l2 = 1e-3f;
  ModelBuilder* builder = nullptr;       // holds the weights being fitted
  Rng* rng = nullptr;
};

class Solver {
 public:
  virtual ~Solver() = default;
  // One epoch: AdaGrad makes one pass over the shuffled examples, L-BFGS one
  // iteration. Returns the mean training loss it saw.
  virtual double Epoch() = 0;
};

// AdaGrad SGD: per-coordinate rates lr / sqrt(sum of squared gradients).
std::unique_ptr<Solver> MakeAdaGradSolver(const TrainingProblem& problem);

// Full-batch L-BFGS (8 past steps, backtracking line search) on the mean
// loss plus (l2 / 2) |W|^2.
std::unique_ptr<Solver> MakeLbfgsSolver(const TrainingProblem& problem);

// Probabilities (columns == 1 ? 2 : columns) of one example under the
// builder's current weights, without calibration: the training objective's.
void TrainingProbabilities(const ModelBuilder& b, const std::vector<Feature>& features,
                           float* scores, float* probabilities);

}  // namespace meetintent

#endif  // MEETINTENT_SRC_SOLVER_H_
