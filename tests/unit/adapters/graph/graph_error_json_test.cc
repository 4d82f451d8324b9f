#include "server/adapters/graph/graph_error_json.h"

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/unit/adapters/graph/shape_errors.h"

namespace cordon::adapters::graph {
namespace graph_error_json_test {

using ::cordon::adapters::graph::testing::BadShape;
using ::cordon::adapters::graph::testing::ExpectShapeErrors;
using ::testing::ElementsAre;

TEST(ParseGraphErrorTest, RefusesBodiesThatAreNotTheDocumentedErrorShape) {
  const BadShape cases[] = {
      {"no error", R"({"code": "x"})", "error is missing"},
      {"error null", R"({"error": null})", "error is null"},
      {"error as string", R"({"error": "invalid_request"})",
       "error must be an object, not string"},
      {"error as array", R"({"error": [{"code": "x"}]})",
       "error must be an object, not array"},
      {"no code", R"({"error": {"message": "m"}})", "error.code is missing"},
      {"code as number", R"({"error": {"code": 409}})",
       "error.code must be a string, not number"},
      {"empty code", R"({"error": {"code": ""}})", "error.code is empty"},
      {"message as object", R"({"error": {"code": "c", "message": {}}})",
       "error.message must be a string, not object"},
      {"innerError as string", R"({"error": {"code": "c", "innerError": "x"}})",
       "error.innerError must be an object, not string"},
      {"request-id as number",
       R"({"error": {"code": "c", "innerError": {"request-id": 5}}})",
       "error.innerError.request-id must be a string, not number"},
      {"inner code as boolean",
       R"({"error": {"code": "c", "innerError": {"innerError": {"code": true}}}})",
       "error.innerError.innerError.code must be a string, not boolean"},
  };
  ExpectShapeErrors(ParseGraphError, cases);
}

TEST(ParseGraphErrorTest, OnlyTheCodeIsRequired) {
  const absl::StatusOr<GraphError> error =
      ParseGraphError(R"({"error": {"code": "generalException",
                                    "message": null, "innerError": null}})");
  ASSERT_TRUE(error.ok()) << error.status();
  EXPECT_EQ(error->code, "generalException");
  EXPECT_EQ(error->message, "");
  EXPECT_TRUE(error->inner_codes.empty());
  EXPECT_EQ(error->request_id, "");
}

// The errors page: look through nested innerError codes for the most
// specific one; the resource description spells it innererror.
TEST(ParseGraphErrorTest, CollectsNestedInnerCodesInEitherSpelling) {
  const absl::StatusOr<GraphError> error = ParseGraphError(R"({"error": {
      "code": "ErrorAccessDenied", "message": "m",
      "innererror": {"code": "accessRestricted", "request-id": "r1",
        "innerError": {"code": "MailboxNotEnabledForRESTAPI"}}}})");
  ASSERT_TRUE(error.ok()) << error.status();
  EXPECT_THAT(error->inner_codes,
              ElementsAre("accessRestricted", "MailboxNotEnabledForRESTAPI"));
  EXPECT_EQ(error->request_id, "r1");
  EXPECT_TRUE(error->HasCode("mailboxnotenabledforrestapi"));
  EXPECT_FALSE(error->HasCode("itemNotFound"));
}

// ISO-12: Graph has sent the code in both cases.
TEST(GraphErrorCodesTest, Iso12DeltaResyncOnGoneOrExpiredTokenInAnyCase) {
  GraphError expired;
  expired.code = "SyncStateNotFound";
  EXPECT_TRUE(RequiresFullDeltaSync(400, expired));
  GraphError unreadable_body;
  EXPECT_TRUE(RequiresFullDeltaSync(410, unreadable_body));
  EXPECT_FALSE(RequiresFullDeltaSync(400, unreadable_body));
  GraphError other;
  other.code = "Request_BadRequest";
  other.inner_codes = {"resyncRequired"};
  EXPECT_TRUE(RequiresFullDeltaSync(400, other));
}

}  // namespace graph_error_json_test
}  // namespace cordon::adapters::graph
