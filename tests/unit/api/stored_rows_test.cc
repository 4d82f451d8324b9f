// Issue 14, speed at the edge: ListIdentities sends stored rows unparsed
// (api::AppendStoredRows). A client must read exactly the identities that
// parsing and adding them would have sent, in order, beside the other
// fields of the response.

#include "server/api/stored_rows.h"

#include <string>
#include <vector>

#include "cordon/v1/identity.pb.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"

namespace cordon::api {
namespace stored_rows_test {

using cordon::v1::Identity;
using cordon::v1::ListIdentitiesResponse;

Identity Sample(int i) {
  Identity identity;
  identity.set_name("accounts/1/organizations/2/identities/" +
                    std::to_string(i));
  identity.set_upn("user" + std::to_string(i) + "@contoso.com");
  identity.set_excluded_from_isolation(i % 2 == 0);
  return identity;
}

TEST(StoredRowsTest, AClientReadsTheRowsAsIdentitiesInOrder) {
  std::vector<Identity> identities = {Sample(1), Sample(2), Sample(3)};
  std::vector<std::string> rows;
  for (const Identity& identity : identities) {
    rows.push_back(identity.SerializeAsString());
  }
  ListIdentitiesResponse sent;
  AppendStoredRows(ListIdentitiesResponse::kIdentitiesFieldNumber, &rows,
                   &sent);
  sent.set_next_page_token("token");
  EXPECT_TRUE(rows.empty());

  ListIdentitiesResponse received;
  ASSERT_TRUE(received.ParseFromString(sent.SerializeAsString()));
  EXPECT_EQ(received.next_page_token(), "token");
  ASSERT_EQ(received.identities_size(), 3);
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
        received.identities(i), identities[i]))
        << received.identities(i).DebugString();
  }
  EXPECT_TRUE(received.GetReflection()->GetUnknownFields(received).empty());

  ListIdentitiesResponse parsed_and_added;
  for (const Identity& identity : identities) {
    *parsed_and_added.add_identities() = identity;
  }
  parsed_and_added.set_next_page_token("token");
  EXPECT_EQ(sent.ByteSizeLong(), parsed_and_added.ByteSizeLong());
}

}  // namespace stored_rows_test
}  // namespace cordon::api
