// The [Cordon:<reference>] tag that stands in for an idempotency key
// (ESC-2: one ticket per escalation, whatever crashes or timeouts happen).

#include "server/adapters/psa/ticket_tag.h"

#include <string>

#include "gtest/gtest.h"
#include "server/adapters/psa/psa_urls.h"

namespace cordon::adapters::psa {
namespace ticket_tag_test {

TEST(TicketTagTest, Esc2TitleEndsWithTheTag) {
  EXPECT_EQ(TaggedTitle("Login alert", "accounts/3/escalations/5", 255),
            "Login alert [Cordon:accounts/3/escalations/5]");
  EXPECT_EQ(TagSearchText("accounts/3/escalations/5"),
            "Cordon:accounts/3/escalations/5");
}

TEST(TicketTagTest, Esc2LongTitleIsCutTheTagNever) {
  const std::string title(300, 'x');
  const std::string tagged =
      TaggedTitle(title, "accounts/3/escalations/5", 100);
  EXPECT_EQ(tagged.size(), 100u);
  EXPECT_EQ(tagged.substr(tagged.size() - 34),
            " [Cordon:accounts/3/escalations/5]");
  // No half UTF-8 character at the cut: "é" is two bytes.
  std::string accents;
  for (int i = 0; i < 60; ++i) accents += "\xC3\xA9";
  const std::string cut = TaggedTitle(accents, "r", 50);
  const std::string kept = cut.substr(0, cut.find(" [Cordon:"));
  EXPECT_EQ(kept.size() % 2, 0u);
  EXPECT_EQ(TaggedTitle("title", std::string(120, 'r'), 100),
            "[Cordon:" + std::string(120, 'r') + "]");
}

TEST(TicketTagTest, Esc2FindTaggedWantsTheWholeTag) {
  const std::vector<FoundTicket> found = {
      {"1", "x [Cordon:accounts/3/escalations/50]"},
      {"2", "mentions Cordon:accounts/3/escalations/5 without brackets"},
      {"3", "y [Cordon:accounts/3/escalations/5]"}};
  EXPECT_EQ(FindTagged(found, "accounts/3/escalations/5").value_or(""), "3");
  EXPECT_FALSE(FindTagged(found, "accounts/3/escalations/6").has_value());
}

TEST(PsaUrlsTest, HttpsBaseUrlTable) {
  EXPECT_EQ(HttpsBaseUrl("f", "https://na.myconnectwise.net/").value_or(""),
            "https://na.myconnectwise.net");
  EXPECT_EQ(HttpsBaseUrl("f", "na.myconnectwise.net").value_or(""),
            "https://na.myconnectwise.net");
  for (const char* bad :
       {"http://x.example", "https://", "https://u@x", "https://x/?q",
        "https://x/#f", "https://x y", "ftp://x", "https://x\n"}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(HttpsBaseUrl("endpoint", bad).ok());
  }
  EXPECT_TRUE(IsRecordId("29683481"));
  EXPECT_FALSE(IsRecordId("1/../2"));
  EXPECT_FALSE(IsRecordId(""));
  EXPECT_TRUE(IsPlainName("cordon-api@contoso.example"));
  EXPECT_FALSE(IsPlainName("a/b"));
}

}  // namespace ticket_tag_test
}  // namespace cordon::adapters::psa
