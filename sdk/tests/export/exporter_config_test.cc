#include "export/otlp/exporter_config.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace vigil::exporter::otlp {
namespace {

Environment environment(std::map<std::string, std::string> values) {
  return [values = std::move(values)](const char* name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

TEST(ExporterConfigTest, Defaults) {
  const ExporterConfig config = resolve_config({}, environment({}));
  EXPECT_EQ(config.endpoint, "http://localhost:4318/v1/metrics");
  EXPECT_TRUE(config.headers.empty());
  EXPECT_EQ(config.resource, (std::map<std::string, std::string>{{"service.name", "unknown_service"}}));
}

TEST(ExporterConfigTest, EndpointPrecedence) {
  OtlpExporterOptions options;
  EXPECT_EQ(resolve_config(options, environment({{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"}})).endpoint,
            "http://collector:4318/v1/metrics");
  EXPECT_EQ(resolve_config(options, environment({{"OTEL_EXPORTER_OTLP_ENDPOINT", "https://c/otlp/"}})).endpoint,
            "https://c/otlp/v1/metrics");
  EXPECT_EQ(resolve_config(options, environment({{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://base:4318"},
                                                 {"OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "http://m:9/custom"}}))
                .endpoint,
            "http://m:9/custom");
  options.endpoint = "http://options:1/v1/metrics";
  EXPECT_EQ(
      resolve_config(options, environment({{"OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "http://m:9/custom"}})).endpoint,
      "http://options:1/v1/metrics");
}

TEST(ExporterConfigTest, InvalidEndpointsThrow) {
  OtlpExporterOptions options;
  options.endpoint = "localhost:4318";
  EXPECT_THROW(resolve_config(options, environment({})), std::invalid_argument);
  EXPECT_THROW(resolve_config({}, environment({{"OTEL_EXPORTER_OTLP_ENDPOINT", "grpc://x"}})), std::invalid_argument);
}

TEST(ExporterConfigTest, HeadersFromTheEnvironmentOverriddenByOptions) {
  OtlpExporterOptions options;
  options.headers = {{"api-key", "from-options"}};
  const ExporterConfig config = resolve_config(
      options, environment({{"OTEL_EXPORTER_OTLP_HEADERS", "api-key=env, Authorization=Basic%20abc%3D%3D,broken"}}));
  EXPECT_EQ(config.headers,
            (std::map<std::string, std::string>{{"Authorization", "Basic abc=="}, {"api-key", "from-options"}}));
  EXPECT_EQ(resolve_config(
                {}, environment({{"OTEL_EXPORTER_OTLP_HEADERS", "a=1"}, {"OTEL_EXPORTER_OTLP_METRICS_HEADERS", "b=2"}}))
                .headers,
            (std::map<std::string, std::string>{{"b", "2"}}));
}

TEST(ExporterConfigTest, HeadersThatWouldInjectLinesAreRefused) {
  try {
    resolve_config({}, environment({{"OTEL_EXPORTER_OTLP_HEADERS", "a=1%0D%0AHost: evil"}}));
    ADD_FAILURE() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(),
                 "OTLP exporter: the value of header \"a\" from OTEL_EXPORTER_OTLP_HEADERS has a control character");
  }
  OtlpExporterOptions options;
  options.headers = {{"Bad Name", "x"}};
  try {
    resolve_config(options, environment({}));
    ADD_FAILURE() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "OTLP exporter: header name \"Bad Name\" from the options is not an HTTP token");
  }
  options.headers = {{"Authorization", "Bearer\tx"}};  // a tab is allowed in a field value
  EXPECT_NO_THROW(resolve_config(options, environment({})));
}

TEST(ExporterConfigTest, ServiceNamePrecedence) {
  const auto env =
      environment({{"OTEL_RESOURCE_ATTRIBUTES", "service.name=from-attributes,deployment.environment=prod"},
                   {"OTEL_SERVICE_NAME", "from-service-name"}});
  ExporterConfig config = resolve_config({}, env);
  EXPECT_EQ(config.resource, (std::map<std::string, std::string>{{"deployment.environment", "prod"},
                                                                 {"service.name", "from-service-name"}}));
  OtlpExporterOptions options;
  options.resource_attributes = {{"service.name", "from-options"}};
  EXPECT_EQ(resolve_config(options, env).resource.at("service.name"), "from-options");
  EXPECT_EQ(
      resolve_config({}, environment({{"OTEL_RESOURCE_ATTRIBUTES", "service.name=attr"}})).resource.at("service.name"),
      "attr");
}

TEST(ExporterConfigTest, KeyValuesArePercentDecodedAndTrimmed) {
  EXPECT_EQ(parse_key_values(" a = 1 ,b=%2C%3D,=empty-key,c,d=%zz"),
            (std::map<std::string, std::string>{{"a", "1"}, {"b", ",="}, {"d", "%zz"}}));
  EXPECT_TRUE(parse_key_values("").empty());
}

}  // namespace
}  // namespace vigil::exporter::otlp
