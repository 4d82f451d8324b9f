#include "server/engine/audit_log.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "server/core/errors.h"
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
  Page<cordon::v1::AuditEvent> result;
  int examined = 0;
  std::string last_key;
  absl::Status parse_status;
  const absl::optional<int64_t> start_nanos =
      query.start_time
          ? absl::optional<int64_t>(absl::ToUnixNanos(*query.start_time))
          : absl::nullopt;
  const absl::optional<int64_t> end_nanos =
      query.end_time
          ? absl::optional<int64_t>(absl::ToUnixNanos(*query.end_time))
          : absl::nullopt;
  CORDON_RETURN_IF_ERROR(db_->Scan(
      store::Family::kAudit, store::KeyOf({query.account}),
      page.resume_after_key, /*reverse=*/true,
      [&](absl::string_view key, absl::string_view value) {
        if (static_cast<int>(result.items.size()) >= page.page_size ||
            examined >= kMaxRowsExaminedPerPage) {
          result.resume_after_key = last_key;
          return false;
        }
        ++examined;
        last_key = std::string(key);
        cordon::v1::AuditEvent event;
        if (!event.ParseFromArray(value.data(), value.size())) {
          parse_status = absl::DataLossError("audit event does not parse");
          return false;
        }
        const int64_t nanos = TimeUtil::TimestampToNanoseconds(event.time());
        if (!IsAtOrBelow(event.resource(), query.resource)) return true;
        if (start_nanos && nanos < *start_nanos) return true;
        if (end_nanos && nanos >= *end_nanos) return true;
        result.items.push_back(std::move(event));
        return true;
      }));
  CORDON_RETURN_IF_ERROR(parse_status);
  return result;
}

}  // namespace cordon::engine
