// How the authorization matrix runs a row: each cell's code, and for every
// refused call that nothing stored changed but the caller's own audit record
// of the refusal; then the foreign resource against a missing one.

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "cordon/v1/audit.pb.h"
#include "server/store/family.h"
#include "tests/integration/authorization_matrix_fixture.h"

namespace cordon::authorization_matrix {

std::string MatrixFixture::Snapshot() {
  std::string all;
  for (int i = 0; i < static_cast<int>(store::Family::kCount); ++i) {
    const auto family = static_cast<store::Family>(i);
    // Refused calls are audited on purpose (checked on their own); meta is
    // id bookkeeping.
    if (family == store::Family::kMeta || family == store::Family::kAudit) {
      continue;
    }
    absl::StrAppend(&all, store::kFamilyNames[i], ":");
    EXPECT_TRUE(server_.database()
                    .Scan(family, "", "", false,
                          [&](absl::string_view key, absl::string_view value) {
                            absl::StrAppend(&all, key, "=", value, ";");
                            return true;
                          })
                    .ok());
  }
  return all;
}

std::set<std::string> MatrixFixture::AuditKeys() {
  std::set<std::string> keys;
  EXPECT_TRUE(server_.database()
                  .Scan(store::Family::kAudit, "", "", false,
                        [&](absl::string_view key, absl::string_view) {
                          keys.emplace(key);
                          return true;
                        })
                  .ok());
  return keys;
}

void MatrixFixture::ExpectOnlyOwnFailureAudited(
    const std::set<std::string>& before, const Row& row, Caller caller,
    const std::string& where) {
  const auto trail = audit_account_.find(caller);
  EXPECT_TRUE(
      server_.database()
          .Scan(store::Family::kAudit, "", "", false,
                [&](absl::string_view key, absl::string_view value) {
                  if (before.count(std::string(key)) > 0) return true;
                  cordon::v1::AuditEvent event;
                  EXPECT_TRUE(event.ParseFromString(std::string(value)));
                  if (trail == audit_account_.end()) {
                    ADD_FAILURE() << where << " (not authenticated) audited "
                                  << event.ShortDebugString();
                    return true;
                  }
                  const std::string prefix =
                      trail->second.empty()
                          ? "auditEvents/"
                          : absl::StrCat(trail->second, "/auditEvents/");
                  EXPECT_TRUE(absl::StartsWith(event.name(), prefix) &&
                              event.outcome() != "OK" &&
                              event.method() == row.AuditMethod())
                      << where << " audited more than its own refusal: "
                      << event.ShortDebugString();
                  return true;
                })
          .ok());
}

int MatrixFixture::RunRow(const Row& row) {
  int cells = 0;
  for (const Cell& cell : Cells()) {
    Target& target = cell.own ? own_ : other_;
    const StatusCode expected = row.expected.*cell.expected;
    if (row.prepare) row.prepare(target);
    const std::string before = Snapshot();
    const std::set<std::string> audited = AuditKeys();
    const grpc::Status status = row.call(tokens_.at(cell.caller), target);
    const std::string where =
        absl::StrCat(row.Label(), " as ", cell.name, " on ",
                     cell.own ? "own" : "another", " account");
    EXPECT_EQ(status.error_code(), expected)
        << where << ": " << status.error_message();
    if (status.error_code() != OK) {
      // Refused: nothing stored may have changed.
      EXPECT_EQ(Snapshot(), before) << where << " changed stored data";
      ExpectOnlyOwnFailureAudited(audited, row, cell.caller, where);
    }
    ++cells;
  }
  return cells;
}

// `foreign` names existing resources the caller must not see; `missing`
// turns them into names of the same shape that name nothing.
void MatrixFixture::CompareOne(const Row& row, Caller caller, const char* who,
                               Target& foreign,
                               Target (*missing)(const Target&)) {
  if (row.prepare) row.prepare(foreign);
  const Target absent = missing(foreign);
  const std::string before = Snapshot();
  const std::set<std::string> audited = AuditKeys();
  const std::string& token = tokens_.at(caller);
  const grpc::Status seen = row.call(token, foreign);
  const grpc::Status unseen = row.call(token, absent);
  const std::string where = absl::StrCat(row.Label(), " as ", who);
  // TEN-1: same code, same message but for the names, same details.
  EXPECT_EQ(NormalizedStatus(seen), NormalizedStatus(unseen))
      << where << ": a resource out of reach (first) answers unlike a "
      << "missing one (second)";
  if (seen.error_code() != OK && unseen.error_code() != OK) {
    EXPECT_EQ(Snapshot(), before) << where << " changed stored data";
    ExpectOnlyOwnFailureAudited(audited, row, caller, where);
  }
}

int MatrixFixture::CompareForeignWithMissing(const Row& row) {
  struct Probe {
    Caller caller;
    const char* who;
    Target* foreign;
    Target (*missing)(const Target&);
  };
  std::vector<Probe> probes = {
      {Caller::kAdmin, "ACCOUNT_ADMIN on another account", &other_,
       MissingLike},
      {Caller::kUser, "ACCOUNT_USER on another account", &other_, MissingLike},
      {Caller::kOrgUser, "ORGANIZATION_USER on another account", &other_,
       MissingLike},
      {Caller::kAgent, "AGENT on another account", &other_, MissingLike},
      {Caller::kAdmin, "ACCOUNT_ADMIN on another account (missing child)",
       &other_, MissingChildLike},
      {Caller::kUser, "ACCOUNT_USER on another account (missing child)",
       &other_, MissingChildLike},
      {Caller::kOrgUser, "ORGANIZATION_USER on another account (missing child)",
       &other_, MissingChildLike},
      {Caller::kOrgUser, "ORGANIZATION_USER on a sibling organization",
       &sibling_, MissingOrganizationLike},
  };
  // A provider key refused by the row whatever the account must not learn
  // what exists either.
  if (row.expected.service == PD) {
    probes.push_back(
        {Caller::kService, "SERVICE (refused)", &other_, MissingLike});
  }
  if (row.expected.soc == PD) {
    probes.push_back(
        {Caller::kSoc, "SOC_ANALYST (refused)", &other_, MissingLike});
  }
  for (const Probe& probe : probes) {
    CompareOne(row, probe.caller, probe.who, *probe.foreign, probe.missing);
  }
  return static_cast<int>(probes.size());
}

}  // namespace cordon::authorization_matrix
