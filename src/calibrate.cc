#include "calibrate.h"

#include <algorithm>
#include <cmath>

#include "meetintent/metrics.h"
#include "model_file.h"
#include "probabilities.h"

namespace meetintent {
namespace {

double Sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }

double SoftmaxLoss(const std::vector<float>& scores, const std::vector<int>& truth, int columns,
                   double a) {
  double loss = 0;
  const auto k = static_cast<size_t>(columns);
  for (size_t i = 0; i < truth.size(); ++i) {
    const float* s = &scores[i * k];
    double mx = -INFINITY;
    for (size_t c = 0; c < k; ++c) mx = std::max(mx, a * s[c]);
    double sum = 0;
    for (size_t c = 0; c < k; ++c) sum += std::exp(a * s[c] - mx);
    loss -= a * s[truth[i]] - mx - std::log(sum);
  }
  return loss;
}

}  // namespace

Calibration FitCalibration(const std::vector<float>& scores, const std::vector<int>& truth,
                           int columns) {
  Calibration cal;
  if (truth.empty()) return cal;
  if (columns == 1) {
    auto loss = [&](double a, double b) {
      double l = 0;
      for (size_t i = 0; i < truth.size(); ++i) {
        const double z = a * scores[i] + b;
        // log(1 + e^z) - y*z, computed without overflow.
        l += (z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z))) -
             (truth[i] == 1 ? z : 0.0);
      }
      return l;
    };
    double a = 1.0, b = 0.0, current = loss(a, b);
    for (int iter = 0; iter < 100; ++iter) {
      double ga = 0, gb = 0, haa = 1e-9, hab = 0, hbb = 1e-9;
      for (size_t i = 0; i < truth.size(); ++i) {
        const double s = scores[i];
        const double p = Sigmoid(a * s + b);
        const double d = p - (truth[i] == 1 ? 1.0 : 0.0);
        const double w = p * (1 - p);
        ga += d * s;
        gb += d;
        haa += w * s * s;
        hab += w * s;
        hbb += w;
      }
      const double det = haa * hbb - hab * hab;
      if (!(std::fabs(det) > 1e-18)) break;
      const double da = (hbb * ga - hab * gb) / det;
      const double db = (haa * gb - hab * ga) / det;
      // Damped Newton: halve the step until the loss goes down, since
      // saturated sigmoids make the plain Newton step overshoot.
      double step = 1.0, next = current;
      for (int halvings = 0; halvings < 40; ++halvings, step /= 2) {
        next = loss(a - step * da, b - step * db);
        if (next < current) break;
      }
      if (!(next < current)) break;
      a -= step * da;
      b -= step * db;
      const bool converged = current - next < 1e-10 * (1 + current);
      current = next;
      if (converged) break;
    }
    if (!std::isfinite(a) || !std::isfinite(b) || a <= 0) return Calibration{};
    cal.scale = static_cast<float>(a);
    cal.bias = {static_cast<float>(b)};
    return cal;
  }
  // Golden-section search on log(a) in [-4, 4].
  const double phi = (std::sqrt(5.0) - 1) / 2;
  double lo = -4, hi = 4;
  double x1 = hi - phi * (hi - lo), x2 = lo + phi * (hi - lo);
  double f1 = SoftmaxLoss(scores, truth, columns, std::exp(x1));
  double f2 = SoftmaxLoss(scores, truth, columns, std::exp(x2));
  for (int iter = 0; iter < 60; ++iter) {
    if (f1 < f2) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - phi * (hi - lo);
      f1 = SoftmaxLoss(scores, truth, columns, std::exp(x1));
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + phi * (hi - lo);
      f2 = SoftmaxLoss(scores, truth, columns, std::exp(x2));
    }
  }
  cal.scale = static_cast<float>(std::exp((lo + hi) / 2));
  return cal;
}

std::vector<float> ApplyCalibration(const Calibration& c, const std::vector<float>& scores,
                                    int columns) {
  const size_t k = columns == 1 ? 2 : static_cast<size_t>(columns);
  const size_t n = scores.size() / static_cast<size_t>(columns);
  std::vector<float> probs(n * k);
  for (size_t i = 0; i < n; ++i) {
    ScoresToProbabilities(&scores[i * static_cast<size_t>(columns)], columns, &c, &probs[i * k]);
  }
  return probs;
}

CalibrationChoice CalibrateIfBetter(const std::vector<float>& scores, const std::vector<int>& truth,
                                    int columns, size_t num_labels) {
  CalibrationChoice choice;
  choice.ece_before =
      ExpectedCalibrationError(truth, ApplyCalibration(Calibration{}, scores, columns), num_labels);
  choice.ece_after = choice.ece_before;
  const Calibration fitted = FitCalibration(scores, truth, columns);
  if (!(fitted.scale >= kMinCalibrationScale)) return choice;
  const double ece =
      ExpectedCalibrationError(truth, ApplyCalibration(fitted, scores, columns), num_labels);
  if (ece < choice.ece_before) {
    choice.calibration = fitted;
    choice.applied = true;
    choice.ece_after = ece;
  }
  return choice;
}

}  // namespace meetintent
