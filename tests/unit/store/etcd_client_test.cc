// Issue 15: how etcd's answers become Cordon's errors. A write the cluster
// may have applied is never reported as certainly refused (or as a
// conflict, which would run the body again), and what a client reads names
// no address and says what to do.

#include "server/store/etcd/etcd_client.h"

#include "gtest/gtest.h"
#include "server/store/conflict.h"
#include "server/store/storage_fault.h"

namespace cordon::store {
namespace etcd_client_test {

grpc::Status Etcd(grpc::StatusCode code, const std::string& message) {
  return grpc::Status(code, message);
}

TEST(EtcdClientTest, AWriteThatMayHaveLandedIsOutcomeUnknownNeverAConflict) {
  for (const grpc::Status& status :
       {Etcd(grpc::StatusCode::DEADLINE_EXCEEDED, "Deadline Exceeded"),
        Etcd(grpc::StatusCode::UNAVAILABLE, "etcdserver: request timed out"),
        Etcd(grpc::StatusCode::UNAVAILABLE, "etcdserver: leader changed")}) {
    const absl::Status mapped = FromEtcd(status, /*write=*/true);
    EXPECT_TRUE(IsStorageFault(mapped)) << mapped;
    EXPECT_FALSE(IsConflict(mapped));
    EXPECT_NE(mapped.message().find("may or may not be stored"),
              absl::string_view::npos)
        << mapped;
    EXPECT_FALSE(WorthAnotherMember(status, /*write=*/true));
    // A read changes nothing: the next member may answer it.
    EXPECT_TRUE(WorthAnotherMember(status, /*write=*/false));
  }
}

TEST(EtcdClientTest, AWriteNeverSentIsClusterUnavailableAndTriedElsewhere) {
  for (const grpc::Status& status :
       {Etcd(grpc::StatusCode::UNAVAILABLE, "etcdserver: no leader"),
        Etcd(grpc::StatusCode::UNAVAILABLE,
             "failed to connect to all addresses"),
        Etcd(grpc::StatusCode::RESOURCE_EXHAUSTED,
             "etcdserver: too many requests")}) {
    const absl::Status mapped = FromEtcd(status, /*write=*/true);
    EXPECT_TRUE(IsStorageFault(mapped)) << mapped;
    EXPECT_NE(mapped.message().find("nothing was changed"),
              absl::string_view::npos)
        << mapped;
    EXPECT_TRUE(WorthAnotherMember(status, /*write=*/true));
  }
  const absl::Status dropped = FromEtcd(
      Etcd(grpc::StatusCode::UNKNOWN, "etcdserver: proposal dropped"), true);
  EXPECT_TRUE(IsStorageFault(dropped)) << dropped;
}

TEST(EtcdClientTest, RefusedTransactionsNameTheClusterSettingToRaise) {
  const absl::Status ops =
      FromEtcd(Etcd(grpc::StatusCode::INVALID_ARGUMENT,
                    "etcdserver: too many operations in txn request"),
               true);
  EXPECT_TRUE(absl::IsFailedPrecondition(ops)) << ops;
  EXPECT_NE(ops.message().find("--max-txn-ops"), absl::string_view::npos);
  const absl::Status size = FromEtcd(Etcd(grpc::StatusCode::INVALID_ARGUMENT,
                                          "etcdserver: request is too large"),
                                     true);
  EXPECT_NE(size.message().find("--max-request-bytes"), absl::string_view::npos)
      << size;
  const absl::Status full =
      FromEtcd(Etcd(grpc::StatusCode::RESOURCE_EXHAUSTED,
                    "etcdserver: mvcc: database space exceeded"),
               true);
  EXPECT_TRUE(absl::IsResourceExhausted(full)) << full;
  EXPECT_NE(full.message().find("--quota-backend-bytes"),
            absl::string_view::npos);
  EXPECT_FALSE(WorthAnotherMember(
      Etcd(grpc::StatusCode::INVALID_ARGUMENT, "too many operations"), true));
}

}  // namespace etcd_client_test
}  // namespace cordon::store
