#ifndef CORDON_TESTS_PROCESS_ETCD_CLUSTER_H_
#define CORDON_TESTS_PROCESS_ETCD_CLUSTER_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "server/store/etcd/etcd_database.h"
#include "server/store/leadership.h"
#include "tests/process/child_process.h"

namespace cordon::process_testing {

// A real etcd cluster on loopback for tests (issue 15): Debian's etcd
// (package etcd-server), one process per member on free ports, its data
// in `dir`. Members die with the test. Settings as docs/scale-out.md asks
// of a cluster for Cordon (--max-txn-ops), with shorter Raft timers so an
// election after a kill takes a fraction of a second.
// PEM files for members that serve clients over TLS and require a client
// certificate signed by `ca_file` (etcd's --client-cert-auth).
struct EtcdServerTls {
  std::string ca_file;
  std::string cert_file;
  std::string key_file;
};

class EtcdCluster {
 public:
  // Starts `members` members and returns once every one serves clients
  // (bounded: UNAVAILABLE with the members' output when one does not).
  // With `tls`, clients must speak TLS and show a certificate.
  static absl::StatusOr<std::unique_ptr<EtcdCluster>> Start(
      const std::string& dir, int members,
      std::optional<EtcdServerTls> tls = std::nullopt);

  // "127.0.0.1:port" of each member's client endpoint.
  std::vector<std::string> endpoints() const;
  // SIGKILL and reap member `index`; its data stays.
  void Kill(int index);
  // SIGSTOP and SIGCONT member `index`: a member that stops answering
  // without closing its connections (a frozen machine, a partition).
  void Pause(int index);
  void Resume(int index);
  // Starts a killed member again on its data and ports; returns once it
  // serves clients.
  absl::Status Restart(int index);
  // Everything member `index` printed so far.
  std::string output(int index) const;

 private:
  struct Member {
    std::string name;
    int client_port = 0;
    int peer_port = 0;
    std::unique_ptr<ChildProcess> process;
  };

  explicit EtcdCluster(std::string dir) : dir_(std::move(dir)) {}
  static absl::StatusOr<std::unique_ptr<EtcdCluster>> StartOnce(
      const std::string& dir, int members,
      const std::optional<EtcdServerTls>& tls);
  absl::Status Launch(int index, bool fresh);

  const std::string dir_;
  std::optional<EtcdServerTls> tls_;
  std::string initial_cluster_;
  std::vector<Member> members_;
};

// One single-member cluster for every test of the process, started on
// first use. It is a static object, not a leaked one: it is stopped and its
// directory removed when the process exits, as it must be, since ctest runs
// each test in a process of its own and a member leaves over 100 MB behind.
absl::StatusOr<const EtcdCluster*> SharedEtcdCluster();

// What another server's election does (EtcdLeadership): the leader key of
// `db` deleted and created anew. Its create revision is the new term,
// which ends every earlier one.
absl::StatusOr<store::LeaderTerm> StartNewLeaderTerm(
    const store::EtcdDatabase& db);

}  // namespace cordon::process_testing

#endif  // CORDON_TESTS_PROCESS_ETCD_CLUSTER_H_
