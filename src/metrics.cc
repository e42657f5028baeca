#include "meetintent/metrics.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace meetintent {
namespace {

int ArgMax(const float* p, size_t k) {
  return static_cast<int>(std::max_element(p, p + k) - p);
}

// Mann-Whitney U with average ranks for ties.
double RocAuc(const std::vector<int>& truth, const std::vector<float>& probs) {
  const size_t n = truth.size();
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return probs[2 * a + 1] < probs[2 * b + 1]; });
  double rank_sum = 0;
  size_t positives = 0;
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && probs[2 * order[j] + 1] == probs[2 * order[i] + 1]) ++j;
    const double avg_rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0;
    for (size_t k = i; k < j; ++k) {
      if (truth[order[k]] == 1) {
        rank_sum += avg_rank;
        ++positives;
      }
    }
    i = j;
  }
  const size_t negatives = n - positives;
  if (positives == 0 || negatives == 0) return -1;
  const double p = static_cast<double>(positives);
  return (rank_sum - p * (p + 1) / 2.0) / (p * static_cast<double>(negatives));
}

}  // namespace

double ExpectedCalibrationError(const std::vector<int>& truth,
                                const std::vector<float>& probabilities, size_t num_classes,
                                int bins) {
  std::vector<double> conf(static_cast<size_t>(bins), 0), acc(static_cast<size_t>(bins), 0);
  std::vector<size_t> count(static_cast<size_t>(bins), 0);
  for (size_t i = 0; i < truth.size(); ++i) {
    const float* p = &probabilities[i * num_classes];
    const int pred = ArgMax(p, num_classes);
    const double c = p[pred];
    size_t b = static_cast<size_t>(c * bins);
    if (b >= static_cast<size_t>(bins)) b = static_cast<size_t>(bins) - 1;
    conf[b] += c;
    acc[b] += pred == truth[i] ? 1.0 : 0.0;
    ++count[b];
  }
  double ece = 0;
  for (size_t b = 0; b < static_cast<size_t>(bins); ++b) {
    if (count[b] == 0) continue;
    ece += std::fabs(acc[b] - conf[b]) / static_cast<double>(truth.size());
  }
  return ece;
}

Metrics ComputeMetrics(const std::vector<int>& truth, const std::vector<float>& probabilities,
                       size_t num_classes) {
  Metrics m;
  m.count = truth.size();
  m.confusion.assign(num_classes, std::vector<size_t>(num_classes, 0));
  m.per_class.resize(num_classes);
  if (truth.empty()) return m;
  size_t correct = 0;
  double loss = 0;
  for (size_t i = 0; i < truth.size(); ++i) {
    const float* p = &probabilities[i * num_classes];
    const int pred = ArgMax(p, num_classes);
    ++m.confusion[static_cast<size_t>(truth[i])][static_cast<size_t>(pred)];
    correct += pred == truth[i];
    loss -= std::log(std::max(1e-7, static_cast<double>(p[truth[i]])));
  }
  m.accuracy = static_cast<double>(correct) / static_cast<double>(truth.size());
  m.log_loss = loss / static_cast<double>(truth.size());
  double f1_sum = 0;
  for (size_t c = 0; c < num_classes; ++c) {
    size_t tp = m.confusion[c][c], predicted = 0, actual = 0;
    for (size_t o = 0; o < num_classes; ++o) {
      predicted += m.confusion[o][c];
      actual += m.confusion[c][o];
    }
    ClassMetrics& cm = m.per_class[c];
    cm.support = actual;
    cm.precision = predicted ? static_cast<double>(tp) / static_cast<double>(predicted) : 0;
    cm.recall = actual ? static_cast<double>(tp) / static_cast<double>(actual) : 0;
    cm.f1 = cm.precision + cm.recall > 0
                ? 2 * cm.precision * cm.recall / (cm.precision + cm.recall)
                : 0;
    f1_sum += cm.f1;
  }
  m.macro_f1 = f1_sum / static_cast<double>(num_classes);
  if (num_classes == 2) m.roc_auc = RocAuc(truth, probabilities);
  m.ece = ExpectedCalibrationError(truth, probabilities, num_classes);
  return m;
}

}  // namespace meetintent
