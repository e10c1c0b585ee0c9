#include "ingest/otlp/attributes.h"

#include <gtest/gtest.h>

#include <limits>

#include "ingest/otlp/resource.h"

namespace vigil::ingest::otlp {
namespace {

using opentelemetry::proto::common::v1::AnyValue;
using opentelemetry::proto::common::v1::KeyValue;

KeyValue kv(const std::string& key, const std::string& value) {
  KeyValue out;
  out.set_key(key);
  out.mutable_value()->set_string_value(value);
  return out;
}

Attributes attributes(std::initializer_list<KeyValue> list) {
  Attributes out;
  for (const auto& item : list) *out.Add() = item;
  return out;
}

TEST(OtlpLabelName, Sanitized) {
  EXPECT_EQ(label_name("http.method"), "http_method");
  EXPECT_EQ(label_name("http..method//x"), "http_method_x");
  EXPECT_EQ(label_name("Mixed.Case9"), "Mixed_Case9");
  EXPECT_EQ(label_name("1st"), "key_1st");
  EXPECT_EQ(label_name("_private"), "_private");
  EXPECT_EQ(label_name("ключ"), "");  // only an underscore is left: dropped
  EXPECT_EQ(label_name("a__b"), "a_b");
  EXPECT_EQ(label_name("..."), "");
  EXPECT_EQ(label_name(""), "");
  // Reserved names cannot be set from OTLP.
  EXPECT_EQ(label_name("__name__"), "");
  EXPECT_EQ(label_name("__x__"), "");
  EXPECT_EQ(label_name("__meta_x"), "_meta_x");
}

TEST(OtlpLabelValue, EveryAnyValueKind) {
  AnyValue v;
  v.set_string_value("text");
  EXPECT_EQ(label_value(v), "text");
  v.set_bool_value(true);
  EXPECT_EQ(label_value(v), "true");
  v.set_int_value(-42);
  EXPECT_EQ(label_value(v), "-42");
  v.set_double_value(0.1);
  EXPECT_EQ(label_value(v), "0.1");
  v.set_double_value(1e21);
  EXPECT_EQ(label_value(v), "1e+21");
  v.set_bytes_value(std::string("\x00\xff", 2));
  EXPECT_EQ(label_value(v), "AP8=");
  AnyValue array;
  array.mutable_array_value()->add_values()->set_string_value("a\"b");
  array.mutable_array_value()->add_values()->set_int_value(1);
  array.mutable_array_value()->add_values()->set_double_value(std::numeric_limits<double>::infinity());
  EXPECT_EQ(label_value(array), R"(["a\"b",1,"inf"])");
  AnyValue map;
  *map.mutable_kvlist_value()->add_values() = kv("k", "v");
  map.mutable_kvlist_value()->add_values()->set_key("empty");
  EXPECT_EQ(label_value(map), R"({"k":"v","empty":null})");
  EXPECT_EQ(label_value(AnyValue{}), "");
}

TEST(OtlpAddAttributes, CollisionsMergeWithSemicolonsInKeyOrder) {
  LabelMap labels;
  add_attributes(labels, attributes({kv("a_b", "2"), kv("a.b", "1"), kv("c", "3"), kv("a-b", "0")}));
  EXPECT_EQ(labels, (LabelMap{{"a_b", "0;1;2"}, {"c", "3"}}));
}

TEST(OtlpAddAttributes, DuplicateKeysMergeToo) {
  LabelMap labels;
  add_attributes(labels, attributes({kv("k", "x"), kv("k", "y")}));
  EXPECT_EQ(labels, (LabelMap{{"k", "x;y"}}));
}

TEST(OtlpAddAttributes, SkipsListedAndReplacesExisting) {
  LabelMap labels{{"a", "old"}};
  add_attributes(labels, attributes({kv("a", "new"), kv("service.name", "x")}), {"service.name"});
  EXPECT_EQ(labels, (LabelMap{{"a", "new"}}));
}

TEST(OtlpResourceLabels, JobInstanceAndTargetInfo) {
  opentelemetry::proto::resource::v1::Resource resource;
  *resource.add_attributes() = kv("service.name", "checkout");
  *resource.add_attributes() = kv("service.namespace", "shop");
  *resource.add_attributes() = kv("service.instance.id", "pod-1");
  *resource.add_attributes() = kv("host.name", "node-7");
  *resource.add_attributes() = kv("cloud.region", "eu");
  ResourceLabels labels = resource_labels(resource);
  EXPECT_EQ(labels.job, "shop/checkout");
  EXPECT_EQ(labels.instance, "pod-1");
  EXPECT_EQ(labels.target_info, (LabelMap{{"cloud_region", "eu"},
                                          {"host_name", "node-7"},
                                          {"instance", "pod-1"},
                                          {"job", "shop/checkout"}}));
}

TEST(OtlpResourceLabels, NoServiceNameNoJobAndNoTargetInfoWithoutOtherAttributes) {
  opentelemetry::proto::resource::v1::Resource resource;
  *resource.add_attributes() = kv("service.namespace", "shop");
  ResourceLabels labels = resource_labels(resource);
  EXPECT_EQ(labels.job, "");
  EXPECT_EQ(labels.instance, "");
  EXPECT_TRUE(labels.target_info.empty());
  *resource.add_attributes() = kv("service.name", "checkout");
  EXPECT_TRUE(resource_labels(resource).target_info.empty());
  EXPECT_EQ(resource_labels(resource).job, "shop/checkout");
}

}  // namespace
}  // namespace vigil::ingest::otlp
