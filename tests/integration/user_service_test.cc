// UserService over a real loopback channel: CRUD, case-insensitive email
// uniqueness per account, organization users, ESC-6 (the recipients list
// keeps an admin), key revocation on delete, roles and TEN-1.

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/resource_name.h"
#include "server/store/keys.h"
#include "server/store/transaction.h"
#include "tests/support/api_client.h"
#include "tests/support/status_details.h"
#include "tests/support/test_server.h"

namespace cordon {
namespace user_service_test {

using v1::User;

class UserServiceTest : public ::testing::Test {
 protected:
  std::unique_ptr<grpc::ClientContext> Soc() { return api_.Soc(); }

  std::string NewAccount(const std::string& display_name) {
    return api_.CreateAccount(display_name);
  }

  // An organization of `account`: through OrganizationService when this
  // build serves it, else written straight into the store (the service is
  // being built in parallel).
  std::string NewOrganization(const std::string& account) {
    v1::CreateOrganizationRequest request;
    request.set_parent(account);
    request.mutable_organization()->set_display_name("Customer");
    v1::Organization created;
    grpc::Status status =
        api_.organizations().CreateOrganization(Soc().get(), request, &created);
    if (status.error_code() != grpc::StatusCode::UNIMPLEMENTED) {
      EXPECT_TRUE(status.ok()) << status.error_message();
      return created.name();
    }
    absl::StatusOr<core::AccountName> parent = core::ParseAccountName(account);
    EXPECT_TRUE(parent.ok());
    absl::StatusOr<uint64_t> id = server_.database().NextId();
    EXPECT_TRUE(id.ok());
    v1::Organization org;
    org.set_name(core::OrganizationName{parent->account, *id}.ToString());
    org.set_display_name("Customer");
    std::unique_ptr<store::Transaction> txn = server_.database().Begin();
    txn->Put(store::Family::kOrganizations,
             store::KeyOf({parent->account, *id}), org);
    EXPECT_TRUE(txn->Commit().ok());
    return org.name();
  }

  grpc::Status CreateUser(const std::string& account, const std::string& email,
                          v1::Role role, User* out,
                          const std::string& organization = "",
                          const std::string& token = "") {
    v1::CreateUserRequest request;
    request.set_parent(account);
    request.mutable_user()->set_email(email);
    request.mutable_user()->set_display_name("Someone");
    request.mutable_user()->set_role(role);
    request.mutable_user()->set_organization(organization);
    return api_.users().CreateUser(
        testing::TestServer::Context(token.empty() ? server_.bootstrap_token()
                                                   : token)
            .get(),
        request, out);
  }

  User MustCreateUser(const std::string& account, const std::string& email,
                      v1::Role role, const std::string& organization = "") {
    User user;
    grpc::Status status = CreateUser(account, email, role, &user, organization);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return user;
  }

  grpc::Status UpdateUser(const User& patch,
                          const std::vector<std::string>& paths, User* out) {
    v1::UpdateUserRequest request;
    *request.mutable_user() = patch;
    for (const std::string& path : paths) {
      request.mutable_update_mask()->add_paths(path);
    }
    return api_.users().UpdateUser(Soc().get(), request, out);
  }

  grpc::Status DeleteUser(const std::string& name,
                          const std::string& etag = "") {
    v1::DeleteUserRequest request;
    request.set_name(name);
    request.set_etag(etag);
    v1::DeleteUserResponse response;
    return api_.users().DeleteUser(Soc().get(), request, &response);
  }

  grpc::Status GetUser(const std::string& name, User* out,
                       const std::string& token = "") {
    v1::GetUserRequest request;
    request.set_name(name);
    return api_.users().GetUser(
        testing::TestServer::Context(token.empty() ? server_.bootstrap_token()
                                                   : token)
            .get(),
        request, out);
  }

  // The bearer token of a new key acting as `user`.
  std::string KeyFor(const std::string& user) {
    return api_.KeyFor(user, "test key");
  }

  grpc::Status SetRecipients(const std::string& account,
                             const std::vector<std::string>& recipients) {
    v1::UpdateAccountRequest request;
    request.mutable_account()->set_name(account);
    for (const std::string& recipient : recipients) {
      request.mutable_account()
          ->mutable_settings()
          ->add_notification_recipients(recipient);
    }
    request.mutable_update_mask()->add_paths(
        "settings.notification_recipients");
    v1::AccountChange change;
    return api_.accounts().UpdateAccount(Soc().get(), request, &change);
  }

  testing::TestServer server_;
  testing::ApiClient api_{&server_};
};

TEST_F(UserServiceTest, CreateGetListUpdateDelete) {
  const std::string account = NewAccount("Contoso MSP");
  // An ACCOUNT_USER: the last ACCOUNT_ADMIN could not be deleted (ESC-6).
  User created = MustCreateUser(account, "Alice@Contoso.com", v1::ACCOUNT_USER);
  EXPECT_THAT(created.name(), ::testing::StartsWith(account + "/users/"));
  EXPECT_EQ(created.email(), "Alice@Contoso.com");  // stored as given
  EXPECT_EQ(created.role(), v1::ACCOUNT_USER);
  EXPECT_FALSE(created.etag().empty());
  EXPECT_TRUE(created.has_create_time());

  User got;
  ASSERT_TRUE(GetUser(created.name(), &got).ok());
  EXPECT_EQ(got.SerializeAsString(), created.SerializeAsString());

  v1::ListUsersRequest list;
  list.set_parent(account);
  v1::ListUsersResponse listed;
  ASSERT_TRUE(api_.users().ListUsers(Soc().get(), list, &listed).ok());
  ASSERT_EQ(listed.users_size(), 1);
  EXPECT_EQ(listed.users(0).name(), created.name());
  EXPECT_TRUE(listed.next_page_token().empty());

  User patch = created;
  patch.set_display_name("Alice A.");
  User updated;
  ASSERT_TRUE(UpdateUser(patch, {"display_name"}, &updated).ok());
  EXPECT_EQ(updated.display_name(), "Alice A.");
  EXPECT_NE(updated.etag(), created.etag());
  // The first etag is stale now, for Update and for Delete.
  grpc::Status stale = UpdateUser(patch, {"display_name"}, &updated);
  EXPECT_EQ(stale.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(DeleteUser(created.name(), created.etag()).error_code(),
            grpc::StatusCode::ABORTED);
  // Output-only fields are not updatable.
  grpc::Status output_only = UpdateUser(updated, {"create_time"}, &updated);
  EXPECT_EQ(output_only.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(testing::BadFieldOf(output_only), "update_mask");

  ASSERT_TRUE(DeleteUser(created.name(), updated.etag()).ok());
  EXPECT_EQ(GetUser(created.name(), &got).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(DeleteUser(created.name()).error_code(),
            grpc::StatusCode::NOT_FOUND);

  // Every change is audited, newest first.
  v1::ListAuditEventsRequest events_request;
  events_request.set_parent(account);
  v1::ListAuditEventsResponse events;
  ASSERT_TRUE(
      api_.audit().ListAuditEvents(Soc().get(), events_request, &events).ok());
  ASSERT_GE(events.audit_events_size(), 3);
  EXPECT_EQ(events.audit_events(0).method(),
            "/cordon.v1.UserService/DeleteUser");
  EXPECT_EQ(events.audit_events(0).resource(), created.name());
  EXPECT_EQ(events.audit_events(0).outcome(), "OK");
}

TEST_F(UserServiceTest, RetriedCreateWithSameRequestIdReturnsTheFirst) {
  const std::string account = NewAccount("Contoso MSP");
  v1::CreateUserRequest request;
  request.set_parent(account);
  request.set_request_id("req-1");
  request.mutable_user()->set_email("alice@contoso.com");
  request.mutable_user()->set_display_name("Alice");
  request.mutable_user()->set_role(v1::ACCOUNT_USER);
  User first, second;
  ASSERT_TRUE(api_.users().CreateUser(Soc().get(), request, &first).ok());
  ASSERT_TRUE(api_.users().CreateUser(Soc().get(), request, &second).ok());
  EXPECT_EQ(first.SerializeAsString(), second.SerializeAsString());
}

TEST_F(UserServiceTest, BadInputNamesTheField) {
  const std::string account = NewAccount("Contoso MSP");
  User out;
  grpc::Status status =
      CreateUser(account, "not-an-email", v1::ACCOUNT_USER, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(testing::BadFieldOf(status), "user.email");
  for (v1::Role role : {v1::ROLE_UNSPECIFIED, v1::SOC_ANALYST, v1::SERVICE}) {
    status = CreateUser(account, "bob@contoso.com", role, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << v1::Role_Name(role);
    EXPECT_EQ(testing::BadFieldOf(status), "user.role") << v1::Role_Name(role);
  }
  status =
      CreateUser("accounts/999999", "bob@contoso.com", v1::ACCOUNT_USER, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  status = CreateUser("nonsense", "bob@contoso.com", v1::ACCOUNT_USER, &out);
  EXPECT_EQ(testing::BadFieldOf(status), "parent");
  // Nothing was written.
  v1::ListUsersRequest list;
  list.set_parent(account);
  v1::ListUsersResponse listed;
  ASSERT_TRUE(api_.users().ListUsers(Soc().get(), list, &listed).ok());
  EXPECT_EQ(listed.users_size(), 0);
}

TEST_F(UserServiceTest, EmailIsUniquePerAccountCaseInsensitively) {
  const std::string account = NewAccount("Contoso MSP");
  const std::string other_account = NewAccount("Fabrikam MSP");
  User alice = MustCreateUser(account, "alice@contoso.com", v1::ACCOUNT_USER);
  User out;
  grpc::Status taken =
      CreateUser(account, "ALICE@Contoso.COM", v1::ACCOUNT_ADMIN, &out);
  EXPECT_EQ(taken.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(testing::ReasonOf(taken), "EMAIL_TAKEN");
  EXPECT_EQ(testing::BadFieldOf(taken), "user.email");
  // Another account may have the same person.
  EXPECT_TRUE(
      CreateUser(other_account, "alice@contoso.com", v1::ACCOUNT_USER, &out)
          .ok());

  // Update: taking alice's email is refused; bob keeps his own.
  User bob = MustCreateUser(account, "bob@contoso.com", v1::ACCOUNT_USER);
  User patch = bob;
  patch.set_email("Alice@contoso.com");
  taken = UpdateUser(patch, {"email"}, &out);
  EXPECT_EQ(taken.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(testing::ReasonOf(taken), "EMAIL_TAKEN");
  ASSERT_TRUE(GetUser(bob.name(), &out).ok());
  EXPECT_EQ(out.email(), "bob@contoso.com");
  // Changing only the case of one's own email is fine.
  patch = alice;
  patch.set_email("Alice@Contoso.com");
  ASSERT_TRUE(UpdateUser(patch, {"email"}, &alice).ok());
  EXPECT_EQ(alice.email(), "Alice@Contoso.com");
  // Moving bob to a new email frees the old one, atomically re-indexed.
  patch = bob;
  patch.set_email("robert@contoso.com");
  ASSERT_TRUE(UpdateUser(patch, {"email"}, &bob).ok());
  EXPECT_TRUE(
      CreateUser(account, "BOB@contoso.com", v1::ACCOUNT_USER, &out).ok());
  EXPECT_EQ(CreateUser(account, "Robert@contoso.com", v1::ACCOUNT_USER, &out)
                .error_code(),
            grpc::StatusCode::ALREADY_EXISTS);

  // A deleted user's email can be used again.
  ASSERT_TRUE(DeleteUser(alice.name()).ok());
  EXPECT_TRUE(
      CreateUser(account, "alice@CONTOSO.com", v1::ACCOUNT_USER, &out).ok());
}

TEST_F(UserServiceTest, OrganizationUserNeedsAnOrganizationOfItsAccount) {
  const std::string account = NewAccount("Contoso MSP");
  const std::string other_account = NewAccount("Fabrikam MSP");
  const std::string own_org = NewOrganization(account);
  const std::string foreign_org = NewOrganization(other_account);
  User out;
  grpc::Status status =
      CreateUser(account, "carol@contoso.com", v1::ORGANIZATION_USER, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(testing::BadFieldOf(status), "user.organization");
  // TEN-1: another account's organization is refused.
  status = CreateUser(account, "carol@contoso.com", v1::ORGANIZATION_USER, &out,
                      foreign_org);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(testing::BadFieldOf(status), "user.organization");
  status = CreateUser(account, "carol@contoso.com", v1::ORGANIZATION_USER, &out,
                      account + "/organizations/999999");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(testing::BadFieldOf(status), "user.organization");
  // Other roles belong to no organization.
  status =
      CreateUser(account, "carol@contoso.com", v1::ACCOUNT_USER, &out, own_org);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(testing::BadFieldOf(status), "user.organization");

  User carol = MustCreateUser(account, "carol@contoso.com",
                              v1::ORGANIZATION_USER, own_org);
  EXPECT_EQ(carol.organization(), own_org);
  // Promoting carol must clear her organization in the same update.
  User patch = carol;
  patch.set_role(v1::ACCOUNT_USER);
  status = UpdateUser(patch, {"role"}, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(testing::BadFieldOf(status), "user.organization");
  patch.clear_organization();
  ASSERT_TRUE(UpdateUser(patch, {"role", "organization"}, &out).ok());
  EXPECT_EQ(out.role(), v1::ACCOUNT_USER);
  EXPECT_TRUE(out.organization().empty());
  // And back, into a foreign organization: refused.
  patch = out;
  patch.set_role(v1::ORGANIZATION_USER);
  patch.set_organization(foreign_org);
  status = UpdateUser(patch, {"role", "organization"}, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(testing::BadFieldOf(status), "user.organization");
}

TEST_F(UserServiceTest, Esc6TheListedAdminCannotBeDemotedOrDeleted) {
  const std::string account = NewAccount("Contoso MSP");
  User a = MustCreateUser(account, "a@contoso.com", v1::ACCOUNT_ADMIN);
  User b = MustCreateUser(account, "b@contoso.com", v1::ACCOUNT_ADMIN);
  ASSERT_TRUE(
      SetRecipients(account, {"A@Contoso.com", "ops@contoso.com"}).ok());

  // B is an admin too, but not a recipient: that does not help.
  User patch = a;
  patch.set_role(v1::ACCOUNT_USER);
  User out;
  grpc::Status status = UpdateUser(patch, {"role"}, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(testing::ReasonOf(status), "RECIPIENTS_NEED_AN_ADMIN");
  EXPECT_EQ(testing::BadFieldOf(status), "user.role");
  patch = a;
  patch.set_email("a2@contoso.com");
  status = UpdateUser(patch, {"email"}, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(testing::ReasonOf(status), "RECIPIENTS_NEED_AN_ADMIN");
  EXPECT_EQ(testing::BadFieldOf(status), "user.email");
  status = DeleteUser(a.name());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(testing::ReasonOf(status), "RECIPIENTS_NEED_AN_ADMIN");
  EXPECT_EQ(testing::BadFieldOf(status), "name");
  // Nothing changed.
  ASSERT_TRUE(GetUser(a.name(), &out).ok());
  EXPECT_EQ(out.etag(), a.etag());
  // Harmless changes to A still work.
  patch = a;
  patch.set_display_name("Admin A");
  ASSERT_TRUE(UpdateUser(patch, {"display_name"}, &a).ok());

  // Once B is listed too, A may go.
  ASSERT_TRUE(SetRecipients(account, {"a@contoso.com", "B@contoso.com"}).ok());
  patch = a;
  patch.set_role(v1::ACCOUNT_USER);
  ASSERT_TRUE(UpdateUser(patch, {"role"}, &a).ok());
  ASSERT_TRUE(DeleteUser(a.name()).ok());
  // B is now the only admin: whatever the list says, B stays (issue 8,
  // defect 5; the default list needs no particular admin, but it needs one).
  status = DeleteUser(b.name());
  EXPECT_EQ(testing::ReasonOf(status), "LAST_ACCOUNT_ADMIN");
  ASSERT_TRUE(SetRecipients(account, {}).ok());
  status = DeleteUser(b.name());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(testing::ReasonOf(status), "LAST_ACCOUNT_ADMIN");
}

// Issue 8, defect 5: with the default recipients (all admins), the only
// ACCOUNT_ADMIN could be demoted or deleted, and the next CRITICAL
// escalation had nobody to notify. ESC-6: one admin always remains.
TEST_F(UserServiceTest, Esc6TheLastAdminCannotBeDemotedOrDeleted) {
  const std::string account = NewAccount("Contoso MSP");
  User a = MustCreateUser(account, "a@contoso.com", v1::ACCOUNT_ADMIN);
  User patch = a;
  patch.set_role(v1::ACCOUNT_USER);
  User out;
  grpc::Status status = UpdateUser(patch, {"role"}, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(testing::ReasonOf(status), "LAST_ACCOUNT_ADMIN");
  EXPECT_THAT(status.error_message(), ::testing::HasSubstr("last"));
  status = DeleteUser(a.name());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(testing::ReasonOf(status), "LAST_ACCOUNT_ADMIN");
  ASSERT_TRUE(GetUser(a.name(), &out).ok());
  EXPECT_EQ(out.etag(), a.etag()) << "nothing changed";
  // An e-mail change keeps the admin: allowed.
  patch = a;
  patch.set_email("a2@contoso.com");
  ASSERT_TRUE(UpdateUser(patch, {"email"}, &a).ok());

  // With a second admin, the first may step down and then go.
  MustCreateUser(account, "b@contoso.com", v1::ACCOUNT_ADMIN);
  patch = a;
  patch.set_role(v1::ACCOUNT_USER);
  ASSERT_TRUE(UpdateUser(patch, {"role"}, &a).ok());
  EXPECT_TRUE(DeleteUser(a.name()).ok());
}

TEST_F(UserServiceTest, DeletingAUserRevokesItsApiKeys) {
  const std::string account = NewAccount("Contoso MSP");
  User dave = MustCreateUser(account, "dave@contoso.com", v1::ACCOUNT_USER);
  const std::string token = KeyFor(dave.name());
  v1::GetAccountRequest get;
  get.set_name(account);
  v1::Account got;
  ASSERT_TRUE(
      api_.accounts()
          .GetAccount(testing::TestServer::Context(token).get(), get, &got)
          .ok());

  ASSERT_TRUE(DeleteUser(dave.name()).ok());
  EXPECT_EQ(
      api_.accounts()
          .GetAccount(testing::TestServer::Context(token).get(), get, &got)
          .error_code(),
      grpc::StatusCode::UNAUTHENTICATED);
  // The key is marked revoked, not merely orphaned.
  v1::ListApiKeysRequest list;
  list.set_filter("account = " + account);
  v1::ListApiKeysResponse keys;
  ASSERT_TRUE(api_.api_keys().ListApiKeys(Soc().get(), list, &keys).ok());
  ASSERT_EQ(keys.api_keys_size(), 1);
  EXPECT_EQ(keys.api_keys(0).state(), v1::ApiKey::REVOKED);
}

TEST_F(UserServiceTest, AccountUserReadsUsersButCannotChangeThem) {
  const std::string account = NewAccount("Contoso MSP");
  User admin = MustCreateUser(account, "admin@contoso.com", v1::ACCOUNT_ADMIN);
  User reader = MustCreateUser(account, "reader@contoso.com", v1::ACCOUNT_USER);
  const std::string reader_token = KeyFor(reader.name());
  User out;
  grpc::Status status = CreateUser(account, "eve@contoso.com",
                                   v1::ACCOUNT_ADMIN, &out, "", reader_token);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  v1::ListUsersRequest list;
  list.set_parent(account);
  v1::ListUsersResponse listed;
  ASSERT_TRUE(api_.users()
                  .ListUsers(testing::TestServer::Context(reader_token).get(),
                             list, &listed)
                  .ok());
  EXPECT_EQ(listed.users_size(), 2);
  EXPECT_TRUE(GetUser(admin.name(), &out, reader_token).ok());

  // An account admin may manage users.
  const std::string admin_token = KeyFor(admin.name());
  EXPECT_TRUE(CreateUser(account, "eve@contoso.com", v1::ACCOUNT_USER, &out, "",
                         admin_token)
                  .ok());

  // Organization users see no account-level resources.
  const std::string org = NewOrganization(account);
  User org_user =
      MustCreateUser(account, "olga@contoso.com", v1::ORGANIZATION_USER, org);
  const std::string org_token = KeyFor(org_user.name());
  EXPECT_EQ(api_.users()
                .ListUsers(testing::TestServer::Context(org_token).get(), list,
                           &listed)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(GetUser(org_user.name(), &out, org_token).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(UserServiceTest, Ten1AnotherAccountsAdminGetsNotFound) {
  const std::string account = NewAccount("Contoso MSP");
  const std::string other_account = NewAccount("Fabrikam MSP");
  User victim = MustCreateUser(account, "victim@contoso.com", v1::ACCOUNT_USER);
  User outsider =
      MustCreateUser(other_account, "admin@fabrikam.com", v1::ACCOUNT_ADMIN);
  const std::string token = KeyFor(outsider.name());
  auto context = [&] { return testing::TestServer::Context(token); };

  User out;
  EXPECT_EQ(GetUser(victim.name(), &out, token).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::UpdateUserRequest update;
  *update.mutable_user() = victim;
  update.mutable_user()->set_role(v1::ACCOUNT_ADMIN);
  update.mutable_update_mask()->add_paths("role");
  EXPECT_EQ(api_.users().UpdateUser(context().get(), update, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::DeleteUserRequest del;
  del.set_name(victim.name());
  v1::DeleteUserResponse deleted;
  EXPECT_EQ(
      api_.users().DeleteUser(context().get(), del, &deleted).error_code(),
      grpc::StatusCode::NOT_FOUND);
  v1::ListUsersRequest list;
  list.set_parent(account);
  v1::ListUsersResponse listed;
  EXPECT_EQ(api_.users().ListUsers(context().get(), list, &listed).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(CreateUser(account, "mole@fabrikam.com", v1::ACCOUNT_ADMIN, &out,
                       "", token)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  // The victim is untouched.
  ASSERT_TRUE(GetUser(victim.name(), &out).ok());
  EXPECT_EQ(out.etag(), victim.etag());
}

TEST_F(UserServiceTest, ListFiltersByRoleAndPagesWithBoundTokens) {
  const std::string account = NewAccount("Contoso MSP");
  MustCreateUser(account, "a1@contoso.com", v1::ACCOUNT_ADMIN);
  MustCreateUser(account, "u1@contoso.com", v1::ACCOUNT_USER);
  MustCreateUser(account, "a2@contoso.com", v1::ACCOUNT_ADMIN);
  MustCreateUser(account, "a3@contoso.com", v1::ACCOUNT_ADMIN);

  v1::ListUsersRequest list;
  list.set_parent(account);
  list.set_filter("role = ACCOUNT_ADMIN");
  list.set_page_size(2);
  v1::ListUsersResponse page;
  ASSERT_TRUE(api_.users().ListUsers(Soc().get(), list, &page).ok());
  ASSERT_EQ(page.users_size(), 2);
  EXPECT_EQ(page.users(0).email(), "a1@contoso.com");
  EXPECT_EQ(page.users(1).email(), "a2@contoso.com");
  ASSERT_FALSE(page.next_page_token().empty());

  // The token belongs to this filter.
  v1::ListUsersRequest other = list;
  other.set_filter("role = ACCOUNT_USER");
  other.set_page_token(page.next_page_token());
  v1::ListUsersResponse refused;
  grpc::Status status = api_.users().ListUsers(Soc().get(), other, &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(testing::BadFieldOf(status), "page_token");

  list.set_page_token(page.next_page_token());
  ASSERT_TRUE(api_.users().ListUsers(Soc().get(), list, &page).ok());
  ASSERT_EQ(page.users_size(), 1);
  EXPECT_EQ(page.users(0).email(), "a3@contoso.com");
  EXPECT_TRUE(page.next_page_token().empty());

  list.clear_page_token();
  list.set_filter("role = SOC_ANALYST");
  status = api_.users().ListUsers(Soc().get(), list, &page);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(testing::BadFieldOf(status), "filter");
}

TEST_F(UserServiceTest, UsersSurviveARestart) {
  const std::string account = NewAccount("Durable MSP");
  User created = MustCreateUser(account, "Keep@contoso.com", v1::ACCOUNT_ADMIN);
  server_.Restart();
  api_.Connect();
  User got;
  ASSERT_TRUE(GetUser(created.name(), &got).ok());
  EXPECT_EQ(got.SerializeAsString(), created.SerializeAsString());
  // The email index survived too.
  User out;
  EXPECT_EQ(CreateUser(account, "keep@CONTOSO.com", v1::ACCOUNT_USER, &out)
                .error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
}

}  // namespace user_service_test
}  // namespace cordon
