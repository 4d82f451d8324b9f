// cordon-bench-baseline: a bare gRPC server over RocksDB, the yardstick of
// `cordon-bench grpc` (docs/benchmarks.md, "The gRPC edge"). The same
// Debian gRPC and RocksDB as cordon-server, the same synchronous service
// API, and per call exactly one RocksDB Get or Put: what remains of a
// Cordon call's cost once authentication, validation, transactions,
// indexes and audit are taken away.

#include <iostream>
#include <memory>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "bench_baseline.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "rocksdb/db.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:0", "host:port to serve on");
ABSL_FLAG(std::string, data_dir, "", "the RocksDB directory (created)");

namespace cordon::bench::baseline {
namespace {

class BaselineService final : public Baseline::Service {
 public:
  explicit BaselineService(rocksdb::DB* db) : db_(db) {}

  grpc::Status Get(grpc::ServerContext*, const GetRequest* request,
                   GetResponse* response) override {
    std::string value;
    const rocksdb::Status s =
        db_->Get(rocksdb::ReadOptions(), request->key(), &value);
    if (s.IsNotFound()) return grpc::Status::OK;
    if (!s.ok()) return grpc::Status(grpc::StatusCode::INTERNAL, s.ToString());
    response->set_found(true);
    response->set_value(std::move(value));
    return grpc::Status::OK;
  }

  grpc::Status Put(grpc::ServerContext*, const PutRequest* request,
                   PutResponse*) override {
    rocksdb::WriteOptions options;
    options.sync = request->sync();
    const rocksdb::Status s =
        db_->Put(options, request->key(), request->value());
    if (!s.ok()) return grpc::Status(grpc::StatusCode::INTERNAL, s.ToString());
    return grpc::Status::OK;
  }

 private:
  rocksdb::DB* const db_;
};

int Serve() {
  rocksdb::Options options;
  options.create_if_missing = true;
  // As cordon-server opens its database (store/rocks/rocks_database.cc):
  // concurrent writers share WAL syncs.
  options.enable_pipelined_write = true;
  rocksdb::DB* raw = nullptr;
  const rocksdb::Status opened =
      rocksdb::DB::Open(options, absl::GetFlag(FLAGS_data_dir), &raw);
  if (!opened.ok()) {
    std::cerr << "cannot open --data_dir: " << opened.ToString() << "\n";
    return 1;
  }
  std::unique_ptr<rocksdb::DB> db(raw);
  BaselineService service(db.get());
  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort(absl::GetFlag(FLAGS_listen),
                           grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    std::cerr << "cannot listen on " << absl::GetFlag(FLAGS_listen) << "\n";
    return 1;
  }
  // The line `cordon-bench grpc --spawn` waits for.
  std::cout << "baseline serving on port " << port << std::endl;
  server->Wait();  // until killed
  return 0;
}

}  // namespace
}  // namespace cordon::bench::baseline

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  if (absl::GetFlag(FLAGS_data_dir).empty()) {
    std::cerr << "--data_dir is required\n";
    return 2;
  }
  return cordon::bench::baseline::Serve();
}
