/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * GoogleTest checks of the statistics across runs: the Student t quantiles against closed-form
 * CDFs (1 and 2 degrees of freedom) and against the CDF computed independently (regularised
 * incomplete beta), the confidence interval of a sample computed by hand, its coverage on
 * simulated normal samples, and Jain's fairness index at its bounds.
 */

#include "ns3/run-statistics.h"

#include <cmath>
#include <gtest/gtest.h>
#include <random>
#include <vector>

using namespace ns3;

TEST(RunStatistics, StudentCdfMatchesClosedForms)
{
    for (double t : {-3.0, -1.0, 0.0, 0.5, 1.0, 2.5, 10.0})
    {
        // dof 1 (Cauchy): 1/2 + atan(t)/pi; dof 2: 1/2 + t / (2 sqrt(2 + t^2))
        EXPECT_NEAR(RunStatistics::StudentTCdf(t, 1), 0.5 + std::atan(t) / M_PI, 1e-10) << t;
        EXPECT_NEAR(RunStatistics::StudentTCdf(t, 2), 0.5 + t / (2 * std::sqrt(2 + t * t)), 1e-10)
            << t;
    }
}

TEST(RunStatistics, QuantilesAreThoseOfTheDistribution)
{
    // the 95% table must sit at the 0.975 point of the CDF (3-decimal table: 2e-4 of slack)
    for (uint32_t dof = 1; dof <= 60; ++dof)
    {
        double t = RunStatistics::StudentT(dof);
        double p = RunStatistics::StudentTCdf(t, dof);
        EXPECT_NEAR(p, 0.975, dof == 1 ? 2e-5 : 2e-4) << "dof " << dof << " t " << t;
    }
    // other levels by bisection; the normal limit for many degrees of freedom
    EXPECT_NEAR(RunStatistics::StudentT(4, 0.90), 2.132, 1e-3);
    EXPECT_NEAR(RunStatistics::StudentT(9, 0.99), 3.250, 1e-3);
    EXPECT_NEAR(RunStatistics::StudentT(100000), 1.960, 1e-3);
    EXPECT_THROW(RunStatistics::StudentT(0), std::exception);
    EXPECT_THROW(RunStatistics::StudentT(3, 1.5), std::exception);
}

TEST(RunStatistics, IntervalOfASampleByHand)
{
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sample variance 32/7
    std::vector<double> v = {2, 4, 4, 4, 5, 5, 7, 9};
    MeanInterval m = RunStatistics::Interval(v);
    EXPECT_EQ(m.n, 8u);
    EXPECT_DOUBLE_EQ(m.mean, 5.0);
    EXPECT_NEAR(m.stddev, std::sqrt(32.0 / 7.0), 1e-12);
    EXPECT_NEAR(m.halfWidth, 2.365 * std::sqrt(32.0 / 7.0) / std::sqrt(8.0), 1e-12);
    // NaN runs are skipped, one value has no interval, none has no mean
    v.push_back(std::nan(""));
    EXPECT_EQ(RunStatistics::Interval(v).n, 8u);
    EXPECT_TRUE(std::isnan(RunStatistics::Interval({3.0}).halfWidth));
    EXPECT_DOUBLE_EQ(RunStatistics::Interval({3.0}).mean, 3.0);
    EXPECT_TRUE(std::isnan(RunStatistics::Interval({}).mean));
}

TEST(RunStatistics, IntervalCoversTheMeanAtTheStatedRate)
{
    // 4000 samples of 5 normal values: the 95% interval covers the true mean about 95% of the
    // time (binomial standard deviation 0.34%: 93.6%..96.4% is 4 sigma)
    std::mt19937_64 rng(7);
    std::normal_distribution<double> normal(10.0, 3.0);
    int covered = 0;
    const int trials = 4000;
    for (int k = 0; k < trials; ++k)
    {
        std::vector<double> v(5);
        for (double& x : v)
        {
            x = normal(rng);
        }
        MeanInterval m = RunStatistics::Interval(v);
        covered += std::fabs(m.mean - 10.0) <= m.halfWidth ? 1 : 0;
    }
    double rate = static_cast<double>(covered) / trials;
    EXPECT_GT(rate, 0.936);
    EXPECT_LT(rate, 0.964);
}

TEST(RunStatistics, JainIndexBounds)
{
    EXPECT_DOUBLE_EQ(RunStatistics::JainIndex({2, 2, 2, 2}), 1.0);
    EXPECT_DOUBLE_EQ(RunStatistics::JainIndex({0, 0, 5, 0}), 0.25);
    // (1+2+3)^2 / (3 (1+4+9)) = 36/42
    EXPECT_NEAR(RunStatistics::JainIndex({1, 2, 3}), 36.0 / 42.0, 1e-15);
    EXPECT_TRUE(std::isnan(RunStatistics::JainIndex({})));
    EXPECT_TRUE(std::isnan(RunStatistics::JainIndex({0, 0})));
}
