#include "server/storage_flags.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "grpcpp/security/credentials.h"
#include "server/api/tls_material.h"

ABSL_FLAG(int, rocksdb_memory_mb,
          cordon::store::RocksSizing{}.memory_bytes >> 20,
          "MiB RocksDB may cache: one block cache shared by every column "
          "family, memtables included (at most half of it)");
ABSL_FLAG(int, rocksdb_max_wal_mb,
          cordon::store::RocksSizing{}.max_wal_bytes >> 20,
          "MiB of write-ahead log kept before the oldest is flushed away; "
          "bounds what a restart replays");

ABSL_FLAG(std::string, store, "rocksdb",
          "where Cordon keeps its state: rocksdb (embedded, in --data_dir) "
          "or etcd (a cluster at --etcd_endpoints, docs/scale-out.md)");
ABSL_FLAG(std::string, etcd_endpoints, "",
          "with --store=etcd: host:port of the etcd cluster's members, "
          "comma-separated (their client URLs; TLS with --etcd_ca_file)");
ABSL_FLAG(int, leader_lease_ttl, 5,
          "with --store=etcd: seconds a replica that stopped renewing its "
          "lead (killed, cut off) keeps running the outbox worker and "
          "timers at most; failover takes about as long; 2 to 60");
ABSL_FLAG(std::string, etcd_ca_file, "",
          "with --store=etcd: PEM CA certificates that signed the etcd "
          "members' certificates; set, the client speaks TLS (1.2+) to "
          "them");
ABSL_FLAG(std::string, etcd_cert_file, "",
          "with --etcd_ca_file: PEM client certificate (chain) shown to the "
          "members, for a cluster started with --client-cert-auth");
ABSL_FLAG(std::string, etcd_key_file, "",
          "with --etcd_cert_file: its PEM private key");
ABSL_FLAG(std::string, etcd_root, "cordon/",
          "with --store=etcd: the prefix of every key Cordon writes");

ABSL_FLAG(std::string, backup_dir, "",
          "directory CreateBackup (cordonctl backup create) writes each "
          "backup into, created if missing; empty: no backups");

namespace cordon {
namespace {

// `path` absolute and without `.`, `..` or a trailing slash.
std::filesystem::path Normalized(const std::string& path) {
  std::filesystem::path normal =
      std::filesystem::absolute(path).lexically_normal();
  return normal.has_filename() ? normal : normal.parent_path();
}

absl::StatusOr<std::string> BackupDirFromFlag(const std::string& data_dir) {
  const std::string flag = absl::GetFlag(FLAGS_backup_dir);
  if (flag.empty()) return "";
  const std::filesystem::path backups = Normalized(flag);
  const std::filesystem::path relative =
      backups.lexically_relative(Normalized(data_dir));
  if (!relative.empty() && *relative.begin() != "..") {
    return absl::InvalidArgumentError(
        "--backup_dir must not be --data_dir or inside it");
  }
  return backups.string();
}

absl::StatusOr<uint64_t> MebibytesFlag(absl::string_view flag, int value,
                                       int low, int high) {
  if (value < low || value > high) {
    return absl::InvalidArgumentError(
        absl::StrCat("--", flag, " must be between ", low, " and ", high));
  }
  return static_cast<uint64_t>(value) << 20;
}

// Up to 16 members; each "host:port" with a port.
absl::StatusOr<std::vector<std::string>> EtcdEndpointsFromFlag() {
  const std::string flag = absl::GetFlag(FLAGS_etcd_endpoints);
  std::vector<std::string> endpoints =
      absl::StrSplit(flag, ',', absl::SkipWhitespace());
  if (endpoints.empty() || endpoints.size() > 16) {
    return absl::InvalidArgumentError(
        "--etcd_endpoints: give 1 to 16 host:port, comma-separated");
  }
  for (std::string& endpoint : endpoints) {
    endpoint = std::string(absl::StripAsciiWhitespace(endpoint));
    const size_t colon = endpoint.rfind(':');
    int port = 0;
    if (colon == std::string::npos || colon == 0 ||
        !absl::SimpleAtoi(endpoint.substr(colon + 1), &port) || port < 1 ||
        port > 65535) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--etcd_endpoints: \"", endpoint, "\" is not host:port"));
    }
  }
  return endpoints;
}

// --etcd_ca_file, --etcd_cert_file, --etcd_key_file: TLS credentials, or
// null for plain HTTP/2.
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>>
EtcdCredentialsFromFlags() {
  const api::TlsFiles files{absl::GetFlag(FLAGS_etcd_cert_file),
                            absl::GetFlag(FLAGS_etcd_key_file),
                            absl::GetFlag(FLAGS_etcd_ca_file)};
  if (files.client_ca_file.empty()) {
    if (!files.cert_file.empty() || !files.key_file.empty()) {
      return absl::InvalidArgumentError(
          "--etcd_cert_file and --etcd_key_file need --etcd_ca_file (TLS)");
    }
    return nullptr;
  }
  if (files.cert_file.empty() != files.key_file.empty()) {
    return absl::InvalidArgumentError(
        "--etcd_cert_file and --etcd_key_file go together");
  }
  absl::StatusOr<api::TlsMaterial> tls = api::ReadTlsMaterial(
      files, {"etcd_cert_file", "etcd_key_file", "etcd_ca_file"});
  if (!tls.ok()) return tls.status();
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = tls->client_ca;
  options.pem_cert_chain = tls->cert_chain;
  options.pem_private_key = tls->private_key;
  return grpc::SslCredentials(options);
}

absl::Status ReadBackendFlags(StorageSettings* settings) {
  const std::string store = absl::GetFlag(FLAGS_store);
  if (store == "rocksdb") {
    for (const auto& [flag, value] :
         {std::pair<const char*, std::string>{
              "etcd_endpoints", absl::GetFlag(FLAGS_etcd_endpoints)},
          {"etcd_ca_file", absl::GetFlag(FLAGS_etcd_ca_file)},
          {"etcd_cert_file", absl::GetFlag(FLAGS_etcd_cert_file)},
          {"etcd_key_file", absl::GetFlag(FLAGS_etcd_key_file)}}) {
      if (!value.empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat("--", flag, " needs --store=etcd"));
      }
    }
    return absl::OkStatus();
  }
  if (store != "etcd") {
    return absl::InvalidArgumentError(
        absl::StrCat("--store: \"", store, "\" is neither rocksdb nor etcd"));
  }
  settings->backend = StorageSettings::Backend::kEtcd;
  absl::StatusOr<std::vector<std::string>> endpoints = EtcdEndpointsFromFlag();
  if (!endpoints.ok()) return endpoints.status();
  settings->etcd.client.endpoints = *std::move(endpoints);
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
      EtcdCredentialsFromFlags();
  if (!credentials.ok()) return credentials.status();
  settings->etcd.client.credentials = *std::move(credentials);
  settings->etcd.root = absl::GetFlag(FLAGS_etcd_root);
  const int ttl = absl::GetFlag(FLAGS_leader_lease_ttl);
  if (ttl < 2 || ttl > 60) {
    return absl::InvalidArgumentError(
        "--leader_lease_ttl: give 2 to 60 seconds");
  }
  settings->leader_lease_ttl = std::chrono::seconds(ttl);
  if (settings->etcd.root.empty() || settings->etcd.root.size() > 64) {
    return absl::InvalidArgumentError(
        "--etcd_root: give a prefix of 1 to 64 bytes");
  }
  if (!absl::GetFlag(FLAGS_backup_dir).empty()) {
    return absl::InvalidArgumentError(
        "--backup_dir: takes RocksDB backups only; back an etcd cluster up "
        "with etcdctl snapshot save (docs/scale-out.md)");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<StorageSettings> ReadStorageFlags(const std::string& data_dir) {
  StorageSettings settings;
  if (absl::Status s = ReadBackendFlags(&settings); !s.ok()) return s;
  store::RocksDatabaseOptions& options = settings.rocks;
  absl::StatusOr<uint64_t> memory = MebibytesFlag(
      "rocksdb_memory_mb", absl::GetFlag(FLAGS_rocksdb_memory_mb), 16, 1 << 20);
  if (!memory.ok()) return memory.status();
  absl::StatusOr<uint64_t> wal =
      MebibytesFlag("rocksdb_max_wal_mb",
                    absl::GetFlag(FLAGS_rocksdb_max_wal_mb), 4, 1 << 20);
  if (!wal.ok()) return wal.status();
  options.sizing.memory_bytes = *memory;
  options.sizing.max_wal_bytes = *wal;
  absl::StatusOr<std::string> backup_dir = BackupDirFromFlag(data_dir);
  if (!backup_dir.ok()) return backup_dir.status();
  settings.backup_dir = *backup_dir;
  return settings;
}

}  // namespace cordon
