#include "calibrate.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "meetintent/metrics.h"

namespace meetintent {
namespace {

// Scores that are 3x too confident: Platt scaling must shrink them and lower
// the calibration error.
TEST(CalibrateTest, PlattFixesOverconfidentScores) {
  std::mt19937 rng(3);
  std::normal_distribution<double> noise(0, 1);
  std::vector<float> scores;
  std::vector<int> truth;
  for (int i = 0; i < 4000; ++i) {
    const double true_logit = noise(rng) * 2;
    const double p = 1 / (1 + std::exp(-true_logit));
    truth.push_back(std::uniform_real_distribution<double>(0, 1)(rng) < p ? 1 : 0);
    scores.push_back(static_cast<float>(true_logit * 3 + 0.5));
  }
  const Calibration c = FitCalibration(scores, truth, 1);
  EXPECT_NEAR(c.scale, 1.0 / 3, 0.05);
  ASSERT_EQ(c.bias.size(), 1u);
  EXPECT_NEAR(c.bias[0], -0.5 / 3, 0.1);
  const double before = ExpectedCalibrationError(truth, ApplyCalibration({}, scores, 1), 2);
  const double after = ExpectedCalibrationError(truth, ApplyCalibration(c, scores, 1), 2);
  EXPECT_LT(after, before / 2);
}

TEST(CalibrateTest, TemperatureForThreeClasses) {
  std::mt19937 rng(5);
  std::normal_distribution<double> noise(0, 1);
  std::vector<float> scores;
  std::vector<int> truth;
  for (int i = 0; i < 3000; ++i) {
    double z[3], sum = 0;
    for (double& v : z) sum += std::exp(v = noise(rng));
    double u = std::uniform_real_distribution<double>(0, 1)(rng) * sum;
    int y = 0;
    while (y < 2 && (u -= std::exp(z[y])) > 0) ++y;
    truth.push_back(y);
    for (double v : z) scores.push_back(static_cast<float>(v * 4));
  }
  const Calibration c = FitCalibration(scores, truth, 3);
  EXPECT_NEAR(c.scale, 0.25, 0.05);
  EXPECT_TRUE(c.bias.empty());
}

TEST(CalibrateTest, EmptyInputGivesIdentity) {
  const Calibration c = FitCalibration({}, {}, 1);
  EXPECT_EQ(c.scale, 1.0f);
  EXPECT_TRUE(c.bias.empty());
}

}  // namespace
}  // namespace meetintent
