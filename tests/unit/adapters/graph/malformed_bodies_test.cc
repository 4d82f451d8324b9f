// Every Graph JSON mapper, fed a body that is not the documented answer,
// returns a clear error and never throws or crashes (issue 10). Bytes that
// are not one whole JSON value are kDataLoss (retry may help: a cut
// connection, a gateway's page), a body over the cap kResourceExhausted, and
// JSON of the wrong shape kInvalidArgument.

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/adapters/graph/domain_json.h"
#include "server/adapters/graph/graph_error_json.h"
#include "server/adapters/graph/json_reader.h"
#include "server/adapters/graph/message_rule_json.h"
#include "server/adapters/graph/token_json.h"
#include "server/adapters/graph/user_json.h"

namespace cordon::adapters::graph {
namespace malformed_bodies_test {

using ::testing::HasSubstr;
using ::testing::Not;

struct Parser {
  const char* name;
  std::function<absl::Status(absl::string_view)> parse;
};

std::vector<Parser> AllParsers() {
  return {
      {"ParseTokenResponse",
       [](absl::string_view b) { return ParseTokenResponse(b).status(); }},
      {"ParseTokenError",
       [](absl::string_view b) { return ParseTokenError(b).status(); }},
      {"ParseGraphError",
       [](absl::string_view b) { return ParseGraphError(b).status(); }},
      {"ParseUser", [](absl::string_view b) { return ParseUser(b).status(); }},
      {"ParseUsersDeltaPage",
       [](absl::string_view b) { return ParseUsersDeltaPage(b).status(); }},
      {"ParseMessageRules",
       [](absl::string_view b) { return ParseMessageRules(b).status(); }},
      {"ParseDomains",
       [](absl::string_view b) { return ParseDomains(b).status(); }},
  };
}

struct BadBody {
  const char* what;
  std::string body;
  absl::StatusCode code;
};

void ExpectEveryParserRefuses(const std::vector<BadBody>& bodies) {
  for (const Parser& parser : AllParsers()) {
    for (const BadBody& bad : bodies) {
      SCOPED_TRACE(absl::StrCat(parser.name, ": ", bad.what));
      absl::Status status;
      EXPECT_NO_THROW(status = parser.parse(bad.body));
      EXPECT_EQ(status.code(), bad.code) << status;
      EXPECT_FALSE(status.message().empty());
    }
  }
}

std::string Nested(size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

TEST(MalformedGraphBodyTest, BytesThatAreNotOneJsonValueAreDataLoss) {
  using std::string_literals::operator""s;
  ExpectEveryParserRefuses({
      {"empty", "", absl::StatusCode::kDataLoss},
      {"whitespace", " \r\n\t ", absl::StatusCode::kDataLoss},
      {"gateway html", "<html><body>502 Bad Gateway</body></html>",
       absl::StatusCode::kDataLoss},
      {"plain text", "Service Unavailable", absl::StatusCode::kDataLoss},
      {"truncated", R"({"value": [{"id": "a)", absl::StatusCode::kDataLoss},
      {"cut after a key", R"({"error": )", absl::StatusCode::kDataLoss},
      {"trailing bytes", R"({"value": []} {})", absl::StatusCode::kDataLoss},
      {"trailing NUL", "{\"value\": []}\0"s, absl::StatusCode::kDataLoss},
      // nlohmann alone would stop reading at the NUL and accept the object.
      {"NUL then more", "{\"value\": []}\0{\"x\": 1}"s,
       absl::StatusCode::kDataLoss},
      {"NUL inside a string", "{\"id\": \"a\0b\"}"s,
       absl::StatusCode::kDataLoss},
      {"single quotes", "{'value': []}", absl::StatusCode::kDataLoss},
      {"comment", "{\"value\": [] /* x */}", absl::StatusCode::kDataLoss},
      {"invalid UTF-8", "{\"id\": \"\xff\xfe\"}", absl::StatusCode::kDataLoss},
      {"overlong UTF-8", "{\"id\": \"\xc0\xaf\"}", absl::StatusCode::kDataLoss},
      {"cut UTF-8 sequence", "{\"id\": \"\xe2\x82\"}",
       absl::StatusCode::kDataLoss},
      {"lone surrogate escape", R"({"id": "\ud800"})",
       absl::StatusCode::kDataLoss},
      {"NaN", R"({"expires_in": NaN})", absl::StatusCode::kDataLoss},
  });
}

// nlohmann's parser must never see a hostile depth: the pre-scan refuses it.
TEST(MalformedGraphBodyTest, DeeplyNestedJsonIsRefusedWithoutCrashing) {
  ExpectEveryParserRefuses({
      {"100k open brackets", std::string(100000, '['),
       absl::StatusCode::kDataLoss},
      {"100k balanced brackets", Nested(100000), absl::StatusCode::kDataLoss},
      {"100k nested objects",
       [] {
         std::string body;
         for (int i = 0; i < 100000; ++i) body += "{\"a\":";
         return body + "1" + std::string(100000, '}');
       }(),
       absl::StatusCode::kDataLoss},
      {"one level over the bound", Nested(kMaxJsonNestingDepth + 1),
       absl::StatusCode::kDataLoss},
  });
}

TEST(MalformedGraphBodyTest, BodyOverTheSizeCapIsResourceExhausted) {
  const std::string huge_string_value =
      "{\"value\": \"" + std::string(kMaxResponseBodyBytes, 'x') + "\"}";
  const std::string huge_whitespace(kMaxResponseBodyBytes + 1, ' ');
  ExpectEveryParserRefuses({
      {"huge string value", huge_string_value,
       absl::StatusCode::kResourceExhausted},
      {"huge whitespace", huge_whitespace,
       absl::StatusCode::kResourceExhausted},
  });
}

TEST(MalformedGraphBodyTest, TopLevelValueOfTheWrongTypeIsInvalidArgument) {
  ExpectEveryParserRefuses({
      {"array", "[]", absl::StatusCode::kInvalidArgument},
      {"array of objects", R"([{"id": "x"}])",
       absl::StatusCode::kInvalidArgument},
      {"null", "null", absl::StatusCode::kInvalidArgument},
      {"number", "42", absl::StatusCode::kInvalidArgument},
      {"string", "\"ok\"", absl::StatusCode::kInvalidArgument},
      {"boolean", "true", absl::StatusCode::kInvalidArgument},
      {"empty object", "{}", absl::StatusCode::kInvalidArgument},
  });
}

// DESIGN.md rule 7: a value may be a token or a secret, so errors name the
// field and the JSON type, never what was sent.
TEST(MalformedGraphBodyTest, ErrorsNameTheFieldButNeverItsValue) {
  const absl::Status status = ParseTokenResponse(
                                  R"({"token_type": "Bearer", "access_token": 7,
              "expires_in": "s3cret-looking-value"})")
                                  .status();
  EXPECT_THAT(status.message(), HasSubstr("access_token must be a string"));
  EXPECT_THAT(status.message(), Not(HasSubstr("s3cret")));
  const absl::Status rules =
      ParseMessageRules(
          R"({"value": [{"id": "r1", "actions": {"forwardTo": [
                {"emailAddress": {"address": 12345}}]}}]})")
          .status();
  EXPECT_THAT(rules.message(),
              HasSubstr("value[0].actions.forwardTo[0].emailAddress.address "
                        "must be a string, not number"));
  EXPECT_THAT(rules.message(), Not(HasSubstr("12345")));
}

}  // namespace malformed_bodies_test
}  // namespace cordon::adapters::graph
