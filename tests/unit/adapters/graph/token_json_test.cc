#include "server/adapters/graph/token_json.h"

#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/unit/adapters/graph/shape_errors.h"

namespace cordon::adapters::graph {
namespace token_json_test {

using ::cordon::adapters::graph::testing::BadShape;
using ::cordon::adapters::graph::testing::ExpectShapeErrors;

TEST(ParseTokenResponseTest, RefusesAnswersThatBreakTheDocumentedShape) {
  const BadShape cases[] = {
      {"no token", R"({"token_type": "Bearer", "expires_in": 3599})",
       "access_token is missing"},
      {"null token",
       R"({"token_type": "Bearer", "expires_in": 3599, "access_token": null})",
       "access_token is null"},
      {"empty token",
       R"({"token_type": "Bearer", "expires_in": 3599, "access_token": ""})",
       "access_token is empty"},
      {"token as object",
       R"({"token_type": "Bearer", "expires_in": 3599, "access_token": {}})",
       "access_token must be a string, not object"},
      {"no token_type", R"({"expires_in": 3599, "access_token": "t"})",
       "token_type is missing"},
      {"other token_type",
       R"({"token_type": "mac", "expires_in": 3599, "access_token": "t"})",
       "token_type must be Bearer"},
      {"no lifetime", R"({"token_type": "Bearer", "access_token": "t"})",
       "expires_in is missing"},
      {"lifetime as words",
       R"({"token_type": "Bearer", "expires_in": "soon", "access_token": "t"})",
       "expires_in must be an integer, not a non-numeric string"},
      {"lifetime as boolean",
       R"({"token_type": "Bearer", "expires_in": true, "access_token": "t"})",
       "expires_in must be an integer, not boolean"},
      {"lifetime as array",
       R"({"token_type": "Bearer", "expires_in": [3599], "access_token": "t"})",
       "expires_in must be an integer, not array"},
      {"fractional lifetime",
       R"({"token_type": "Bearer", "expires_in": 3599.5, "access_token": "t"})",
       "expires_in must be an integer, not number"},
      {"zero lifetime",
       R"({"token_type": "Bearer", "expires_in": 0, "access_token": "t"})",
       "expires_in is outside [1, 172800]"},
      {"negative lifetime",
       R"({"token_type": "Bearer", "expires_in": -60, "access_token": "t"})",
       "expires_in is outside"},
      {"lifetime of years",
       R"({"token_type": "Bearer", "expires_in": 99999999, "access_token": "t"})",
       "expires_in is outside"},
      {"lifetime over 64 bits",
       R"({"token_type": "Bearer", "expires_in": 99999999999999999999,
           "access_token": "t"})",
       "expires_in must be an integer, not number"},
  };
  ExpectShapeErrors(ParseTokenResponse, cases);
}

TEST(ParseTokenResponseTest, AcceptsALifetimeSentAsDigitsAndAnyCaseOfBearer) {
  const absl::StatusOr<AccessToken> token = ParseTokenResponse(
      R"({"token_type": "bearer", "expires_in": "3600", "access_token": "t",
          "scope": "https://graph.microsoft.com/.default"})");
  ASSERT_TRUE(token.ok()) << token.status();
  EXPECT_EQ(token->expires_in, absl::Hours(1));
  EXPECT_EQ(token->access_token, "t");
}

TEST(ParseTokenErrorTest, RefusesAnswersThatBreakTheDocumentedShape) {
  const BadShape cases[] = {
      {"no error", R"({"error_description": "AADSTS90002: x"})",
       "error is missing"},
      {"error as number", R"({"error": 400})",
       "error must be a string, not number"},
      {"codes as string", R"({"error": "invalid_client",
                              "error_codes": "7000215"})",
       "error_codes must be an array, not string"},
      {"code as string", R"({"error": "invalid_client",
                             "error_codes": ["7000215"]})",
       "error_codes[0] must be a non-negative integer, not string"},
      {"negative code", R"({"error": "invalid_client", "error_codes": [-1]})",
       "error_codes[0] must be a non-negative integer"},
      {"description as object",
       R"({"error": "invalid_client", "error_description": {}})",
       "error_description must be a string, not object"},
      {"trace id as number", R"({"error": "invalid_client", "trace_id": 7})",
       "trace_id must be a string, not number"},
  };
  ExpectShapeErrors(ParseTokenError, cases);
}

// ISO-11: the structured error_codes decide; the description is a fallback
// for answers without them.
TEST(ParseTokenErrorTest, Iso11AadstsCodeFromErrorCodesElseFromDescription) {
  EXPECT_EQ(ParseTokenError(R"({"error": "invalid_client",
                                "error_description": "AADSTS7000222: x",
                                "error_codes": [7000215, 50012]})")
                ->aadsts_code,
            "AADSTS7000215");
  EXPECT_EQ(ParseTokenError(R"({"error": "invalid_request",
                                "error_description": "aadsts90002: x",
                                "error_codes": []})")
                ->aadsts_code,
            "AADSTS90002");
  EXPECT_EQ(ParseTokenError(R"({"error": "temporarily_unavailable",
                                "error_description": null})")
                ->aadsts_code,
            "");
}

TEST(FormUrlEncodeTest, KeepsUnreservedBytesAndEscapesEverythingElse) {
  EXPECT_EQ(FormUrlEncode("AZaz09-._~"), "AZaz09-._~");
  EXPECT_EQ(FormUrlEncode("a b&c=d+e/f?g%h#"),
            "a%20b%26c%3Dd%2Be%2Ff%3Fg%25h%23");
  EXPECT_EQ(FormUrlEncode("J\xc3\xbcrgen"), "J%C3%BCrgen");
  EXPECT_EQ(FormUrlEncode(std::string("\0\xff", 2)), "%00%FF");
  EXPECT_EQ(FormUrlEncode(""), "");
}

TEST(TokenRequestTest, ClientSecretBodyIsTheDocumentedForm) {
  EXPECT_EQ(BuildClientSecretTokenRequest(
                "3f1c9e52-7d4b-4c2a-9b61-0e8a5d2f4c17", "a~b&c=d+e/f"),
            "client_id=3f1c9e52-7d4b-4c2a-9b61-0e8a5d2f4c17"
            "&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"
            "&client_secret=a~b%26c%3Dd%2Be%2Ff"
            "&grant_type=client_credentials");
}

TEST(TokenRequestTest, ClientAssertionBodyIsTheDocumentedForm) {
  EXPECT_EQ(BuildClientAssertionTokenRequest("app", "eyJ.eyJ.sig-_"),
            "client_id=app"
            "&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"
            "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-"
            "assertion-type%3Ajwt-bearer"
            "&client_assertion=eyJ.eyJ.sig-_"
            "&grant_type=client_credentials");
}

}  // namespace token_json_test
}  // namespace cordon::adapters::graph
