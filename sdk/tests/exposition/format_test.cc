#include "vigil/exposition/format.h"

#include <gtest/gtest.h>

namespace vigil::exposition {
namespace {

TEST(NegotiateTest, PrometheusScrapeAcceptGetsOpenMetrics) {
  EXPECT_EQ(negotiate(kScrapeAccept), Format::openmetrics);
  EXPECT_EQ(negotiate("application/openmetrics-text"), Format::openmetrics);
  EXPECT_EQ(negotiate("application/openmetrics-text; version=0.0.1; charset=utf-8"), Format::openmetrics);
}

TEST(NegotiateTest, TextFormatByDefaultAndByPreference) {
  EXPECT_EQ(negotiate(""), Format::prometheus_text);
  EXPECT_EQ(negotiate("*/*"), Format::prometheus_text);
  EXPECT_EQ(negotiate("text/plain"), Format::prometheus_text);
  EXPECT_EQ(negotiate("text/plain;version=0.0.4;q=0.9,application/openmetrics-text;q=0.5"), Format::prometheus_text);
  EXPECT_EQ(negotiate("application/openmetrics-text;q=0"), Format::prometheus_text);
  // A version this writer does not speak is not asked for.
  EXPECT_EQ(negotiate("application/openmetrics-text;version=2.0.0"), Format::prometheus_text);
  EXPECT_EQ(negotiate("garbage;;;q=zz,,"), Format::prometheus_text);
}

TEST(NegotiateTest, TiesGoToOpenMetrics) {
  EXPECT_EQ(negotiate("text/plain, application/openmetrics-text"), Format::openmetrics);
  EXPECT_EQ(negotiate("application/openmetrics-text;q=0.5, */*;q=0.5"), Format::openmetrics);
}

TEST(ContentTypeTest, FormatOfABodyAndTheTypesWritten) {
  EXPECT_EQ(format_of_content_type("application/openmetrics-text; version=1.0.0; charset=utf-8"), Format::openmetrics);
  EXPECT_EQ(format_of_content_type(" Application/OpenMetrics-Text "), Format::openmetrics);
  EXPECT_EQ(format_of_content_type("text/plain; version=0.0.4"), Format::prometheus_text);
  EXPECT_EQ(format_of_content_type(""), Format::prometheus_text);
  EXPECT_EQ(format_of_content_type(content_type(Format::openmetrics)), Format::openmetrics);
  EXPECT_EQ(format_of_content_type(content_type(Format::prometheus_text)), Format::prometheus_text);
}

}  // namespace
}  // namespace vigil::exposition
