// The limits and checked reads every Graph mapper relies on.

#include "server/adapters/graph/json_reader.h"

#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace cordon::adapters::graph {
namespace json_reader_test {

using ::nlohmann::json;
using ::testing::HasSubstr;

std::string Nested(int depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

TEST(ParseJsonBodyTest, NestingUpToTheBoundParses) {
  EXPECT_TRUE(ParseJsonBody(Nested(kMaxJsonNestingDepth), "t").ok());
  EXPECT_EQ(
      ParseJsonBody(Nested(kMaxJsonNestingDepth + 1), "t").status().code(),
      absl::StatusCode::kDataLoss);
}

// Brackets inside strings are text, also after an escaped quote.
TEST(ParseJsonBodyTest, BracketsInsideStringsDoNotCountAsNesting) {
  const std::string brackets(1000, '[');
  const absl::StatusOr<json> parsed = ParseJsonBody(
      R"({"displayName": "say \"hi\" )" + brackets + R"(", "x": [1]})", "t");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ((*parsed)["x"][0], 1);
}

TEST(ParseJsonBodyTest, BodyOfExactlyTheCapIsRead) {
  std::string body = "\"" + std::string(kMaxResponseBodyBytes - 2, 'x') + "\"";
  ASSERT_EQ(body.size(), kMaxResponseBodyBytes);
  EXPECT_TRUE(ParseJsonBody(body, "t").ok());
  body.push_back(' ');
  const absl::Status over = ParseJsonBody(body, "t").status();
  EXPECT_EQ(over.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(over.message(), HasSubstr("4194304-byte limit"));
}

TEST(ParseJsonBodyTest, ErrorNamesTheExpectedShape) {
  EXPECT_THAT(ParseJsonBody("{", "Graph user").status().message(),
              HasSubstr("Graph user: body is not one whole JSON value"));
}

TEST(ParseJsonBodyTest, ValidUtf8AndEscapesAreKept) {
  const absl::StatusOr<json> parsed =
      ParseJsonBody("{\"n\": \"J\xc3\xbcrgen \\u00e9\\ud83d\\ude00\"}", "t");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ((*parsed)["n"], "J\xc3\xbcrgen \xc3\xa9\xf0\x9f\x98\x80");
}

struct IntegerCase {
  const char* member;
  bool ok;
  int64_t value;
};

TEST(JsonObjectReaderTest, RequiredIntegerChecksTypeAndRange) {
  const json node = json::parse(R"({
      "small": 5, "big": 18446744073709551615, "negative": -1,
      "float": 2.5, "digits": "3599", "letters": "12a", "empty": "",
      "long_digits": "1234567890123456789012", "flag": true, "nothing": null})");
  const IntegerCase cases[] = {
      {"small", true, 5},    {"big", false, 0},         {"negative", false, 0},
      {"float", false, 0},   {"digits", true, 3599},    {"letters", false, 0},
      {"empty", false, 0},   {"long_digits", false, 0}, {"flag", false, 0},
      {"nothing", false, 0}, {"absent", false, 0},
  };
  for (const IntegerCase& c : cases) {
    SCOPED_TRACE(c.member);
    JsonErrors errors("t");
    JsonObjectReader reader(node, "", &errors);
    EXPECT_EQ(reader.RequiredInteger(c.member, 0, 10000,
                                     /*digits_string_allowed=*/true),
              c.value);
    EXPECT_EQ(errors.ok(), c.ok) << errors.status();
  }
}

TEST(JsonObjectReaderTest, KeepsTheFirstErrorWithItsPath) {
  const json node = json::parse(R"({"a": {"b": 1, "c": "x"}})");
  JsonErrors errors("shape");
  JsonObjectReader outer(node, "", &errors);
  JsonObjectReader inner(*outer.OptionalObject("a"), outer.PathOf("a"),
                         &errors);
  EXPECT_EQ(inner.RequiredString("b"), "");
  EXPECT_FALSE(inner.RequiredBool("c"));
  EXPECT_EQ(errors.status(), absl::InvalidArgumentError(
                                 "shape: a.b must be a string, not number"));
}

TEST(JsonObjectReaderTest, NullIsAbsentForOptionalAndMissingForRequired) {
  const json node = json::parse(R"({"n": null})");
  JsonErrors errors("shape");
  JsonObjectReader reader(node, "", &errors);
  EXPECT_TRUE(reader.IsNull("n"));
  EXPECT_FALSE(reader.IsNull("absent"));
  EXPECT_EQ(reader.OptionalString("n"), absl::nullopt);
  EXPECT_EQ(reader.OptionalBool("n"), absl::nullopt);
  EXPECT_EQ(reader.OptionalArray("n"), nullptr);
  EXPECT_TRUE(errors.ok());
  reader.RequiredString("n");
  EXPECT_EQ(errors.status().message(), "shape: n is null");
}

}  // namespace json_reader_test
}  // namespace cordon::adapters::graph
