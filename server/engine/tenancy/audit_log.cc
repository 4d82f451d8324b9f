#include "server/engine/tenancy/audit_log.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "server/core/errors.h"
#include "server/engine/common/page_scan.h"
#include "server/store/keys.h"

namespace cordon::engine {
namespace {

using google::protobuf::util::TimeUtil;

bool IsAtOrBelow(absl::string_view resource, absl::string_view ancestor) {
  if (ancestor.empty()) return true;
  if (!absl::StartsWith(resource, ancestor)) return false;
  return resource.size() == ancestor.size() || resource[ancestor.size()] == '/';
}

}  // namespace

absl::StatusOr<std::pair<std::string, cordon::v1::AuditEvent>>
AuditLog::NewEvent(uint64_t account, const Actor& actor,
                   absl::string_view resource, absl::string_view outcome,
                   std::string summary) {
  CORDON_ASSIGN_OR_RETURN(uint64_t id, db_->NextId());
  cordon::v1::AuditEvent event;
  event.set_name(account == 0
                     ? absl::StrCat("auditEvents/", id)
                     : absl::StrCat("accounts/", account, "/auditEvents/", id));
  *event.mutable_time() =
      TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(clock_->Now()));
  event.set_principal(actor.principal);
  event.set_user(actor.user);
  event.set_method(actor.method);
  event.set_resource(std::string(resource));
  event.set_outcome(std::string(outcome));
  event.set_summary(std::move(summary));
  return std::make_pair(store::KeyOf({account, id}), std::move(event));
}

absl::Status AuditLog::Record(store::Transaction& txn, uint64_t account,
                              const Actor& actor, absl::string_view resource,
                              std::string summary) {
  CORDON_ASSIGN_OR_RETURN(
      auto keyed, NewEvent(account, actor, resource, "OK", std::move(summary)));
  txn.Put(store::Family::kAudit, keyed.first, keyed.second);
  return absl::OkStatus();
}

absl::Status AuditLog::RecordFailure(uint64_t account, const Actor& actor,
                                     absl::string_view resource,
                                     absl::string_view outcome,
                                     std::string summary) {
  CORDON_ASSIGN_OR_RETURN(auto keyed, NewEvent(account, actor, resource,
                                               outcome, std::move(summary)));
  std::unique_ptr<store::Transaction> txn = db_->Begin();
  txn->Put(store::Family::kAudit, keyed.first, keyed.second);
  return txn->Commit();
}

absl::StatusOr<Page<cordon::v1::AuditEvent>> AuditLog::List(
    const Query& query, const PageRequest& page) const {
  const absl::optional<int64_t> start_nanos =
      query.start_time
          ? absl::optional<int64_t>(absl::ToUnixNanos(*query.start_time))
          : absl::nullopt;
  const absl::optional<int64_t> end_nanos =
      query.end_time
          ? absl::optional<int64_t>(absl::ToUnixNanos(*query.end_time))
          : absl::nullopt;
  return ScanPage<cordon::v1::AuditEvent>(
      *db_, store::Family::kAudit, store::KeyOf({query.account}), page,
      "audit event",
      [&](const cordon::v1::AuditEvent& event) {
        const int64_t nanos = TimeUtil::TimestampToNanoseconds(event.time());
        if (!IsAtOrBelow(event.resource(), query.resource)) return false;
        if (start_nanos && nanos < *start_nanos) return false;
        if (end_nanos && nanos >= *end_nanos) return false;
        return true;
      },
      {.reverse = true, .token_only_when_rows_remain = true});
}

}  // namespace cordon::engine
