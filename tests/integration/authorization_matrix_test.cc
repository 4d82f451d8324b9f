// TEN-1 and the roles of DOMAIN.md, by construction: the matrix has a row
// for every method of every cordon.v1 service in the linked protos (a new
// RPC without one fails the matrix test, naming it). Every row
// is called by every kind of principal against its own account and another
// one (authorization_matrix_cells.cc); a refused call changes nothing but the
// caller's own audit record of it; and a resource out of the caller's reach
// answers exactly like one that does not exist. The rows are in
// authorization_matrix_rows.cc.

#include <algorithm>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "tests/integration/authorization_matrix_fixture.h"

namespace cordon {
namespace authorization_matrix_test {

using authorization_matrix::Caller;
using authorization_matrix::Cells;
using authorization_matrix::CordonV1Methods;
using authorization_matrix::NF;
using authorization_matrix::Row;

// A method of cordon.v1 without a row fails here, named; a row naming a
// method that does not exist fails when the rows are built.
void ExpectEveryMethodHasARow(const std::vector<Row>& rows) {
  const std::vector<std::string> methods = CordonV1Methods();
  std::set<std::string> covered;
  for (const Row& row : rows) covered.insert(row.rpc);
  std::vector<std::string> missing;
  for (const std::string& method : methods) {
    if (covered.count(method) == 0) missing.push_back(method);
  }
  EXPECT_TRUE(missing.empty())
      << "cordon.v1 methods without a row in authorization_matrix_rows.cc: "
      << absl::StrJoin(missing, ", ");
  // The linked protos hold every service, streaming ones included.
  EXPECT_GE(methods.size(), 57u);
  EXPECT_EQ(
      std::count(methods.begin(), methods.end(), "EventService.WatchEvents") +
          std::count(methods.begin(), methods.end(),
                     "AgentService.ReceiveCommands"),
      2);
  ::testing::Test::RecordProperty("methods", static_cast<int>(methods.size()));
}

using AuthorizationMatrixTest = authorization_matrix::MatrixFixture;

// The whole matrix in one test: one server, set up once (about 2 s of the
// test's time is the server's start and stop).
TEST_F(AuthorizationMatrixTest, Ten1EveryCordonV1MethodEveryCallerOwnAndOther) {
  const std::vector<Row> rows = Rows();
  ExpectEveryMethodHasARow(rows);
  int cells = 0, compared = 0;
  for (const Row& row : rows) {
    cells += RunRow(row);
    compared += CompareForeignWithMissing(row);
  }
  EXPECT_EQ(cells, static_cast<int>(rows.size() * Cells().size()));
  // The figure docs/reliability.md states: rows x callers x own/other.
  std::cout << "authorization matrix: " << rows.size() << " rows x "
            << Cells().size() / 2 << " callers x own/other = " << cells
            << " cells; " << compared << " foreign-vs-missing comparisons\n";
  RecordProperty("matrix_rows", static_cast<int>(rows.size()));
  RecordProperty("matrix_cells", cells);
  RecordProperty("foreign_missing_comparisons", compared);
}

// An organization user asking for another organization of its own account
// gets NOT_FOUND, the same as for one that does not exist.
TEST_F(AuthorizationMatrixTest,
       Ten1OrganizationUserCannotSeeASiblingOrganization) {
  v1::CreateOrganizationRequest org;
  org.set_parent(own_.account);
  org.mutable_organization()->set_display_name("Sibling");
  v1::Organization sibling;
  ASSERT_TRUE(api_.organizations()
                  .CreateOrganization(Ctx(Soc()).get(), org, &sibling)
                  .ok());
  const std::string& token = tokens_.at(Caller::kOrgUser);
  v1::GetOrganizationRequest get;
  get.set_name(sibling.name());
  v1::Organization out;
  EXPECT_EQ(api_.organizations()
                .GetOrganization(Ctx(token).get(), get, &out)
                .error_code(),
            NF);
  v1::ListIdentitiesRequest list;
  list.set_parent(sibling.name());
  v1::ListIdentitiesResponse identities;
  EXPECT_EQ(api_.identities()
                .ListIdentities(Ctx(token).get(), list, &identities)
                .error_code(),
            NF);
  v1::ListOrganizationsRequest all;
  all.set_parent(own_.account);
  v1::ListOrganizationsResponse orgs;
  ASSERT_TRUE(api_.organizations()
                  .ListOrganizations(Ctx(token).get(), all, &orgs)
                  .ok());
  ASSERT_EQ(orgs.organizations_size(), 1);
  EXPECT_EQ(orgs.organizations(0).name(), own_.organization);
}

}  // namespace authorization_matrix_test
}  // namespace cordon
