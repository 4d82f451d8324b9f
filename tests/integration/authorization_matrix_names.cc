// The parts of the authorization matrix that do not talk to the server: the
// methods of cordon.v1 from the descriptor pool, rows keyed by them, names
// of the same shape that name nothing, and statuses compared but for names.

#include <algorithm>
#include <cctype>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/descriptor_database.h"
#include "google/protobuf/text_format.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "tests/integration/authorization_matrix_fixture.h"

namespace cordon::authorization_matrix {
namespace {

using google::protobuf::DescriptorPool;

constexpr char kPackage[] = "cordon.v1";
// An id no test resource has: ids are assigned from 1 upwards.
constexpr char kMissingId[] = "999999999";

bool AllDigits(absl::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return absl::ascii_isdigit(static_cast<unsigned char>(c));
  });
}

// `name` with every id segment replaced by kMissingId.
std::string WithMissingIds(const std::string& name) {
  std::vector<std::string> parts = absl::StrSplit(name, '/');
  for (std::string& part : parts) {
    if (AllDigits(part)) part = kMissingId;
  }
  return absl::StrJoin(parts, "/");
}

// `name` with its last id replaced by kMissingId: a child that does not
// exist of parents that do.
std::string WithMissingLastId(const std::string& name) {
  std::vector<std::string> parts = absl::StrSplit(name, '/');
  for (auto part = parts.rbegin(); part != parts.rend(); ++part) {
    if (AllDigits(*part)) {
      *part = kMissingId;
      break;
    }
  }
  return absl::StrJoin(parts, "/");
}

// Applies `change` to every resource name of `t`.
template <typename Change>
Target EveryName(const Target& t, Change change) {
  Target out = t;
  for (std::string* name :
       {&out.account, &out.organization, &out.identity, &out.user,
        &out.escalation, &out.account_rule, &out.organization_rule,
        &out.draft_report, &out.soc_alert, &out.fresh}) {
    *name = change(*name);
  }
  return out;
}

}  // namespace

const std::vector<Cell>& Cells() {
  static const std::vector<Cell>* cells = new std::vector<Cell>{
      {Caller::kSoc, "SOC_ANALYST", true, &Expected::soc},
      {Caller::kSoc, "SOC_ANALYST", false, &Expected::soc},
      {Caller::kService, "SERVICE", true, &Expected::service},
      {Caller::kService, "SERVICE", false, &Expected::service},
      {Caller::kAdmin, "ACCOUNT_ADMIN", true, &Expected::admin_own},
      {Caller::kAdmin, "ACCOUNT_ADMIN", false, &Expected::admin_other},
      {Caller::kUser, "ACCOUNT_USER", true, &Expected::user_own},
      {Caller::kUser, "ACCOUNT_USER", false, &Expected::user_other},
      {Caller::kOrgUser, "ORGANIZATION_USER", true, &Expected::org_own},
      {Caller::kOrgUser, "ORGANIZATION_USER", false, &Expected::org_other},
      {Caller::kAgent, "AGENT", true, &Expected::agent_own},
      {Caller::kAgent, "AGENT", false, &Expected::agent_other},
      {Caller::kAnonymous, "no key", true, &Expected::unauthenticated},
      {Caller::kAnonymous, "no key", false, &Expected::unauthenticated},
      {Caller::kForged, "unknown key", true, &Expected::unauthenticated},
      {Caller::kForged, "unknown key", false, &Expected::unauthenticated},
      {Caller::kRevoked, "revoked key", true, &Expected::unauthenticated},
      {Caller::kRevoked, "revoked key", false, &Expected::unauthenticated},
  };
  return *cells;
}

std::string Row::Label() const {
  return variant.empty() ? rpc : absl::StrCat(rpc, "(", variant, ")");
}

std::string Row::AuditMethod() const {
  if (method == nullptr) return "";
  return absl::StrCat("/", method->service()->full_name(), "/", method->name());
}

void RowList::AddPrepared(const std::string& rpc, Expected expected,
                          std::function<void(Target&)> prepare, Call call) {
  Row row;
  const std::vector<std::string> parts =
      absl::StrSplit(rpc, absl::MaxSplits('(', 1));
  row.rpc = absl::StrCat(service_, ".", parts[0]);
  if (parts.size() > 1) {
    row.variant = std::string(absl::StripSuffix(parts[1], ")"));
  }
  row.method = DescriptorPool::generated_pool()->FindMethodByName(
      absl::StrCat(kPackage, ".", row.rpc));
  EXPECT_NE(row.method, nullptr)
      << "matrix row " << row.rpc << " names no method of " << kPackage;
  row.call = std::move(call);
  row.expected = expected;
  row.prepare = std::move(prepare);
  rows_.push_back(std::move(row));
}

std::vector<std::string> CordonV1Methods() {
  std::vector<std::string> files;
  EXPECT_TRUE(
      DescriptorPool::internal_generated_database()->FindAllFileNames(&files));
  std::vector<std::string> methods;
  for (const std::string& file_name : files) {
    const google::protobuf::FileDescriptor* file =
        DescriptorPool::generated_pool()->FindFileByName(file_name);
    if (file == nullptr || file->package() != kPackage) continue;
    for (int s = 0; s < file->service_count(); ++s) {
      const google::protobuf::ServiceDescriptor* service = file->service(s);
      for (int m = 0; m < service->method_count(); ++m) {
        methods.push_back(
            absl::StrCat(service->name(), ".", service->method(m)->name()));
      }
    }
  }
  std::sort(methods.begin(), methods.end());
  return methods;
}

Target MissingLike(const Target& t) { return EveryName(t, WithMissingIds); }

Target MissingChildLike(const Target& t) {
  Target out = EveryName(t, WithMissingLastId);
  // The account is every other name's parent: it stays.
  out.account = t.account;
  return out;
}

Target MissingOrganizationLike(const Target& t) {
  const std::string missing_org =
      absl::StrCat(t.account, "/organizations/", kMissingId);
  return EveryName(t, [&](const std::string& name) {
    if (name == t.organization) return missing_org;
    if (!absl::StartsWith(name, t.organization + "/")) return name;
    return absl::StrCat(missing_org,
                        WithMissingIds(name.substr(t.organization.size())));
  });
}

std::string NormalizedStatus(const grpc::Status& status) {
  std::string text =
      absl::StrCat(status.error_code(), " ", status.error_message(), " | ");
  google::rpc::Status details;
  if (details.ParseFromString(status.error_details())) {
    google::protobuf::TextFormat::Printer printer;
    printer.SetExpandAny(true);
    printer.SetSingleLineMode(true);
    std::string printed;
    printer.PrintToString(details, &printed);
    absl::StrAppend(&text, printed);
  } else {
    absl::StrAppend(&text, "unparsable details");
  }
  // Every id after a '/' becomes "{id}": only the names differ.
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    out.push_back(text[i]);
    if (text[i] != '/' || i + 1 >= text.size() ||
        !absl::ascii_isdigit(static_cast<unsigned char>(text[i + 1]))) {
      continue;
    }
    while (i + 1 < text.size() &&
           absl::ascii_isdigit(static_cast<unsigned char>(text[i + 1]))) {
      ++i;
    }
    out += "{id}";
  }
  return out;
}

}  // namespace cordon::authorization_matrix
