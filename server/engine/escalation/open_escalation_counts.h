#ifndef CORDON_SERVER_ENGINE_ESCALATION_OPEN_ESCALATION_COUNTS_H_
#define CORDON_SERVER_ENGINE_ESCALATION_OPEN_ESCALATION_COUNTS_H_

#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/time/time.h"
#include "cordon/v1/escalation.pb.h"
#include "server/metrics/registry.h"
#include "server/ports/clock.h"
#include "server/store/database.h"
#include "server/store/transaction.h"

namespace cordon::engine {

// Issue 14: cordon_escalations_open{type, severity, overdue}, the
// escalations open now (docs/operations.md, "Watching Cordon"). Overdue is
// the engine's own notion (EscalationManager::DeriveStatus, ESC-1, ESC-9):
// stored OPEN, unanswered, and the scrape's time at or past due_time.
//
// Never a store scan per scrape: the counts live in memory. Seed() reads
// the open escalations once when the engine starts (the index of open
// subjects, then each row); after that, every write of an escalation row
// (EscalationManager) calls Track(), whose AfterCommit callback reads the
// row again, as committed, and replaces what is kept of it. Reading the row
// rather than taking the writer's copy, under the same lock that applies
// it, makes the counts exact whatever order the callbacks of two commits of
// one escalation run in (the row lock is released at commit, before the
// callback): the last callback to run reads the last commit.
//
// What a scrape must count against its clock: per open escalation its
// type, severity and, while unanswered, its due time (the due time never
// changes). The unanswered ones are also ordered by due time, and the
// overdue counts hold for one instant, `counted_until_`: a scrape moves that
// instant to its own time, counting in (or, when the clock went back, out)
// the escalations whose due time lies between. A scrape therefore costs the
// series written plus the escalations that became overdue since the
// previous one, not the 100,000 that may be open; each open escalation
// keeps about 100 bytes here.
//
// When a row cannot be read (the disk fails), the counts can no longer be
// vouched for: the family then has no samples until the next start, and an
// escalation_count_failed line says why.
class OpenEscalationCounts {
 public:
  // `db` and `clock` must outlive this. Registers the family.
  OpenEscalationCounts(const store::Database* db, const ports::Clock* clock,
                       metrics::Registry* registry);
  OpenEscalationCounts(const OpenEscalationCounts&) = delete;
  OpenEscalationCounts& operator=(const OpenEscalationCounts&) = delete;

  // The one scan, when the engine starts (before serving).
  void Seed();

  // `txn` writes the row of escalation `id` of `account`: once it commits,
  // what is kept of that escalation follows the committed row.
  void Track(store::Transaction& txn, uint64_t account, uint64_t id);

  // Issue 15, servers sharing one store: rows of the escalations family
  // that another server (or this one) wrote, as the store's feed tells
  // them (store::Database::FollowChanges). Each escalation row among
  // `keys` is read again like after Track; no keys means changes may have
  // been missed, and everything is counted again from one scan.
  void OnChanged(const std::vector<std::string>& keys);

  // What a scrape exports now: label values type, severity, overdue
  // ("true"/"false"); none when the counts cannot be vouched for. The
  // simulator compares it with a count of every escalation row.
  std::vector<metrics::Sample> Samples();

 private:
  // What a scrape needs of one open escalation.
  struct Kept {
    cordon::v1::EscalationType type = cordon::v1::ESCALATION_TYPE_UNSPECIFIED;
    cordon::v1::Severity severity = cordon::v1::SEVERITY_UNSPECIFIED;
    // Unanswered with a due time: can be overdue.
    bool can_be_overdue = false;
    absl::Time due;
  };
  using RowId = std::pair<uint64_t, uint64_t>;  // account, escalation
  using Series = std::pair<int, int>;           // type, severity
  struct SeriesCounts {
    int64_t open = 0;
    int64_t overdue = 0;
  };
  // An unanswered open escalation by due time (then id, for uniqueness).
  struct DueEntry {
    absl::Time due;
    RowId row;
    Series series;
    bool operator<(const DueEntry& other) const {
      return std::tie(due, row) < std::tie(other.due, other.row);
    }
  };

  // Reads the row as committed and keeps what it says. Called with mu_ held.
  void Refresh(const RowId& row);
  // Seed's scan. With mu_ held.
  void CountFromScan();
  // The counts are no longer exact: logs `error` once. With mu_ held.
  void StopVouching(const absl::Status& error);
  void Forget(const RowId& row);
  void Keep(const RowId& row, const Kept& kept);
  // Adds `delta` to the overdue count of every unanswered escalation whose
  // due time lies in (after, until].
  void CountOverdueBetween(absl::Time after, absl::Time until, int delta);

  const store::Database* db_;
  const ports::Clock* clock_;
  std::mutex mu_;
  bool vouched_ = true;
  absl::flat_hash_map<RowId, Kept> open_;
  std::set<DueEntry> unanswered_by_due_;
  std::map<Series, SeriesCounts> counts_;
  // The overdue counts are those of this instant.
  absl::Time counted_until_ = absl::InfinitePast();
  // Last: stops scrapes before the counts go away.
  metrics::Registry::Registration family_;
};

}  // namespace cordon::engine

#endif  // CORDON_SERVER_ENGINE_ESCALATION_OPEN_ESCALATION_COUNTS_H_
