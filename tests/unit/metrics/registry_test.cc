// The metrics registry and its Prometheus text exposition (issue 14,
// "Observability": a Prometheus endpoint written by hand). The whole text is
// compared where the format's details matter: HELP/TYPE lines, label
// escaping, cumulative buckets, +Inf, _sum and _count.

#include "server/metrics/registry.h"

#include <cmath>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/metrics/exposition.h"

namespace cordon::metrics {
namespace registry_test {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(ExpositionTest, ValuesAreTheShortestTextThatReadsBackTheSame) {
  EXPECT_EQ(FormatValue(3), "3");
  EXPECT_EQ(FormatValue(0.25), "0.25");
  EXPECT_EQ(FormatValue(0.1), "0.1");
  EXPECT_EQ(FormatValue(1e21), "1e+21");
  EXPECT_EQ(FormatValue(-2.5), "-2.5");
  EXPECT_EQ(FormatValue(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(FormatValue(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(FormatValue(std::nan("")), "NaN");
}

TEST(ExpositionTest, LabelValuesEscapeBackslashQuoteAndLineFeed) {
  EXPECT_EQ(EscapeLabelValue("a\\b\"c\nd"), "a\\\\b\\\"c\\nd");
  EXPECT_EQ(EscapeHelp("a\\b\"c\nd"), "a\\\\b\"c\\nd");
}

TEST(ExpositionTest, NamesFollowThePrometheusGrammar) {
  EXPECT_TRUE(IsValidMetricName("grpc_server_handled_total"));
  EXPECT_TRUE(IsValidMetricName("a:b"));
  EXPECT_FALSE(IsValidMetricName("1abc"));
  EXPECT_FALSE(IsValidMetricName("a-b"));
  EXPECT_FALSE(IsValidMetricName(""));
  EXPECT_TRUE(IsValidLabelName("grpc_code"));
  EXPECT_FALSE(IsValidLabelName("a:b"));
  EXPECT_FALSE(IsValidLabelName("__reserved"));
}

TEST(RegistryTest, CountersAreWrittenWithHelpTypeAndEscapedLabels) {
  Registry registry;
  Family<Counter>& calls = registry.AddCounter(
      "calls_total", "Calls.\nBy method.", {"method", "code"});
  calls.WithLabels({"Get", "OK"}).Increment();
  calls.WithLabels({"Get", "OK"}).Increment(2);
  calls.WithLabels({"say \"hi\"\\", "NOT_FOUND"}).Increment();
  EXPECT_EQ(
      registry.Scrape(),
      "# HELP calls_total Calls.\\nBy method.\n"
      "# TYPE calls_total counter\n"
      "calls_total{method=\"Get\",code=\"OK\"} 3\n"
      "calls_total{method=\"say \\\"hi\\\"\\\\\",code=\"NOT_FOUND\"} 1\n");
}

TEST(RegistryTest, HistogramsWriteCumulativeBucketsInfSumAndCount) {
  Registry registry;
  Histogram& latency =
      registry.AddHistogram("latency_seconds", "Latency.", {}, {1, 2})
          .WithLabels({});
  latency.Observe(0.5);
  latency.Observe(1);  // on a bound: counted in that bound's bucket
  latency.Observe(3);
  EXPECT_EQ(registry.Scrape(),
            "# HELP latency_seconds Latency.\n"
            "# TYPE latency_seconds histogram\n"
            "latency_seconds_bucket{le=\"1\"} 2\n"
            "latency_seconds_bucket{le=\"2\"} 2\n"
            "latency_seconds_bucket{le=\"+Inf\"} 3\n"
            "latency_seconds_sum 4.5\n"
            "latency_seconds_count 3\n");
}

TEST(RegistryTest, HistogramLabelsComeBeforeLe) {
  Registry registry;
  registry.AddHistogram("h_seconds", "H.", {"method"}, {0.5})
      .WithLabels({"Get"})
      .Observe(0.1);
  const std::string scrape = registry.Scrape();
  EXPECT_THAT(scrape,
              HasSubstr("h_seconds_bucket{method=\"Get\",le=\"0.5\"} 1"));
  EXPECT_THAT(scrape, HasSubstr("h_seconds_sum{method=\"Get\"} 0.1"));
  EXPECT_THAT(scrape, HasSubstr("h_seconds_count{method=\"Get\"} 1"));
}

TEST(RegistryTest, GaugesGoUpAndDown) {
  Registry registry;
  Gauge& open = registry.AddGauge("open", "Open.").WithLabels({});
  open.Add(3);
  open.Add(-1);
  EXPECT_THAT(registry.Scrape(), HasSubstr("\nopen 2\n"));
  open.Set(0.5);
  EXPECT_THAT(registry.Scrape(), HasSubstr("\nopen 0.5\n"));
}

TEST(RegistryTest, TheSameNameTypeAndLabelsIsTheSameFamily) {
  Registry registry;
  Family<Counter>& first = registry.AddCounter("x_total", "X.", {"a"});
  Family<Counter>& second = registry.AddCounter("x_total", "X.", {"a"});
  EXPECT_EQ(&first, &second);
  second.WithLabels({"1"}).Increment();
  EXPECT_EQ(first.WithLabels({"1"}).value(), 1u);
}

TEST(RegistryTest, ComputedFamiliesAreReadAtEachScrapeWhileRegistered) {
  Registry registry;
  double depth = 4;
  {
    Registry::Registration registration = registry.AddComputed(
        "depth", "Depth.", MetricType::kGauge, {"kind"},
        [&depth]() -> std::vector<Sample> {
          return {{{"b"}, depth}, {{"a"}, 1}, {{"too", "many"}, 9}};
        });
    EXPECT_THAT(registry.Scrape(),
                HasSubstr("# TYPE depth gauge\ndepth{kind=\"a\"} 1\n"
                          "depth{kind=\"b\"} 4\n"));
    depth = 5;
    EXPECT_THAT(registry.Scrape(), HasSubstr("depth{kind=\"b\"} 5\n"));
    EXPECT_THAT(registry.Scrape(), Not(HasSubstr("many")))
        << "a sample with the wrong labels is left out";
  }
  EXPECT_EQ(registry.Scrape(), "") << "gone with its registration";
}

TEST(RegistryTest, SeriesBeyondTheBoundShareAnOverflowSeries) {
  Registry registry;
  Family<Counter>& family = registry.AddCounter("many_total", "Many.", {"id"});
  for (size_t i = 0; i < kMaxSeriesPerFamily + 5; ++i) {
    family.WithLabels({absl::StrCat(i)}).Increment();
  }
  EXPECT_EQ(family.WithLabels({"_overflow"}).value(), 5u);
  EXPECT_EQ(family.WithLabels({"0"}).value(), 1u) << "kept series still count";
}

TEST(RegistryTest, ConcurrentIncrementsAreAllCounted) {
  Registry registry;
  Family<Counter>& family = registry.AddCounter("c_total", "C.", {"t"});
  Histogram& histogram =
      registry.AddHistogram("h_seconds", "H.", {}, {1}).WithLabels({});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&family, &histogram] {
      for (int i = 0; i < 10000; ++i) {
        family.WithLabels({"same"}).Increment();
        histogram.Observe(0.5);
        if (i % 1000 == 0) family.WithLabels({absl::StrCat(i)}).Increment();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(family.WithLabels({"same"}).value(), 40000u);
  EXPECT_EQ(histogram.Read().count, 40000u);
  EXPECT_EQ(histogram.Read().sum, 20000);
}

}  // namespace registry_test
}  // namespace cordon::metrics
