#include "meetintent/metrics.h"

#include <gtest/gtest.h>

namespace meetintent {
namespace {

TEST(MetricsTest, BinaryMetrics) {
  // truth:      1    1    0    0
  // p(class 1): .9   .4   .3   .6
  const std::vector<int> truth = {1, 1, 0, 0};
  const std::vector<float> probs = {0.1f, 0.9f, 0.6f, 0.4f, 0.7f, 0.3f, 0.4f, 0.6f};
  const Metrics m = ComputeMetrics(truth, probs, 2);
  EXPECT_DOUBLE_EQ(m.accuracy, 0.5);
  EXPECT_EQ(m.confusion[1][1], 1u);
  EXPECT_EQ(m.confusion[1][0], 1u);
  EXPECT_EQ(m.confusion[0][1], 1u);
  EXPECT_DOUBLE_EQ(m.per_class[1].precision, 0.5);
  EXPECT_DOUBLE_EQ(m.per_class[1].recall, 0.5);
  EXPECT_DOUBLE_EQ(m.macro_f1, 0.5);
  // Positive scores .9, .4 vs negatives .3, .6: 3 of 4 pairs ordered right.
  EXPECT_DOUBLE_EQ(m.roc_auc, 0.75);
}

TEST(MetricsTest, PerfectAndTies) {
  const Metrics m = ComputeMetrics({0, 1}, {0.5f, 0.5f, 0.5f, 0.5f}, 2);
  EXPECT_DOUBLE_EQ(m.roc_auc, 0.5);
  const Metrics p = ComputeMetrics({0, 1}, {1, 0, 0, 1}, 2);
  EXPECT_DOUBLE_EQ(p.macro_f1, 1.0);
  EXPECT_DOUBLE_EQ(p.ece, 0.0);
}

TEST(MetricsTest, CalibrationError) {
  // Always 0.8 confident, right half the time: ECE = 0.3.
  const std::vector<int> truth = {1, 0, 1, 0};
  const std::vector<float> probs = {0.2f, 0.8f, 0.2f, 0.8f, 0.2f, 0.8f, 0.2f, 0.8f};
  EXPECT_NEAR(ExpectedCalibrationError(truth, probs, 2), 0.3, 1e-6);
}

TEST(MetricsTest, ThreeClassesHaveNoAuc) {
  const Metrics m = ComputeMetrics({0, 1, 2}, {1, 0, 0, 0, 1, 0, 0, 0, 1}, 3);
  EXPECT_EQ(m.roc_auc, -1);
  EXPECT_DOUBLE_EQ(m.macro_f1, 1.0);
}

}  // namespace
}  // namespace meetintent
