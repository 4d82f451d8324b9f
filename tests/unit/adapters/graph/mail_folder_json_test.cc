// ISO-3: a rule that moves mail is judged by where it moves it, so the
// adapter reads the mailbox's well-known folder ids. Their answers are read
// strictly: anything but a non-empty string id is an error, never a guess.

#include "server/adapters/graph/mail_folder_json.h"

#include "gtest/gtest.h"

namespace cordon::adapters::graph {
namespace mail_folder_json_test {

TEST(MailFolderJsonTest, Iso3ReadsTheFolderIdAndIgnoresOtherMembers) {
  absl::StatusOr<std::string> id = ParseMailFolderId(
      R"({"@odata.context":"x","id":"AAMkAGI2TAAA=","displayName":"Junk"})");
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(*id, "AAMkAGI2TAAA=");
}

TEST(MailFolderJsonTest, Iso3AnythingButANonEmptyStringIdIsAnError) {
  for (const char* body :
       {"", "<html>gateway</html>", R"({"id":)", R"({})", R"({"id":""})",
        R"({"id":42})", R"({"id":null})", R"(["AAMk"])", R"("AAMk")"}) {
    EXPECT_FALSE(ParseMailFolderId(body).ok()) << body;
  }
}

}  // namespace mail_folder_json_test
}  // namespace cordon::adapters::graph
