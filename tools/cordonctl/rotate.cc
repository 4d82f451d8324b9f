// cordonctl keys rotate NAME (issue 14): a new key with the old one's user
// or provider role, its secret written (to --write-key-file, else printed
// once), and only then the old key revoked. If the secret cannot be
// written the new key is revoked instead and the old one keeps working:
// nobody is locked out by a full disk or a closed pipe.

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "cordon/v1/api_key.pb.h"
#include "google/protobuf/util/time_util.h"
#include "tools/cordonctl/command.h"
#include "tools/cordonctl/errors.h"
#include "tools/cordonctl/fields.h"
#include "tools/cordonctl/printer.h"

namespace cordonctl {
namespace {

namespace v1 = ::cordon::v1;
using google::protobuf::util::TimeUtil;

absl::Status CallKeys(Command& command, const char* rpc,
                      const google::protobuf::Message& request,
                      google::protobuf::Message* response) {
  return command.api.Call(*Method(command.resource, rpc), request, response);
}

// The old key's display name and user (or provider role). Its lifetime
// carries over when it had an expiry; --expire-time=RFC3339 sets another.
absl::StatusOr<v1::CreateApiKeyRequest> ReplacementOf(const v1::ApiKey& old,
                                                      const Args& args) {
  if (!old.organization().empty()) {
    return UsageError(
        absl::StrCat(old.name(),
                     " is an on-prem agent key: make its successor with "
                     "`cordonctl agentkeys create`, then delete it"));
  }
  v1::CreateApiKeyRequest request;
  v1::ApiKey& key = *request.mutable_api_key();
  key.set_display_name(old.display_name());
  if (old.user().empty()) key.set_role(old.role());
  key.set_user(old.user());
  if (args.Has("expire-time")) {
    if (!TimeUtil::FromString(args.Get("expire-time"),
                              key.mutable_expire_time())) {
      return UsageError(
          "--expire-time expects RFC 3339, e.g. "
          "2027-06-30T00:00:00Z");
    }
  } else if (old.has_expire_time()) {
    const absl::Duration lifetime = absl::Seconds(old.expire_time().seconds() -
                                                  old.create_time().seconds());
    key.mutable_expire_time()->set_seconds(
        absl::ToUnixSeconds(absl::Now() + lifetime));
  }
  return request;
}

// `token` into `path`, mode 0600, through a temporary file renamed over it:
// the file holds the old key or the new one, never half of one.
absl::Status WriteKeyFile(const std::string& path, const std::string& token) {
  const std::string temporary = path + ".new";
  const int fd =
      ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot write ", temporary, ": ", std::strerror(errno)));
  }
  const std::string line = token + "\n";
  const bool written = ::write(fd, line.data(), line.size()) ==
                           static_cast<ssize_t>(line.size()) &&
                       ::fsync(fd) == 0;
  const bool closed = ::close(fd) == 0;
  if (!written || !closed || ::rename(temporary.c_str(), path.c_str()) != 0) {
    ::unlink(temporary.c_str());
    return absl::FailedPreconditionError(
        absl::StrCat("cannot write ", path, ": ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

// The new secret, where the user asked for it.
absl::Status Deliver(Command& command, v1::CreateApiKeyResponse created) {
  const bool structured =
      command.output.format == "json" || command.output.format == "yaml";
  if (command.args.Has("write-key-file")) {
    const std::string path = command.args.Get("write-key-file");
    if (absl::Status written = WriteKeyFile(path, created.secret());
        !written.ok()) {
      return written;
    }
    created.clear_secret();
    if (!structured) {
      command.out << created.api_key().name() << " created; its secret is in "
                  << path << " (mode 0600)\n";
    }
  } else if (!structured) {
    command.out << created.api_key().name()
                << " created. Secret (shown once; store it now):\n"
                << created.secret() << "\n";
  }
  if (structured) {
    command.out << FormatDocument(MessageToJson(created), command.output);
  }
  command.out.flush();
  // Once in the key file, the secret is safe (and may already have replaced
  // the caller's own key): a lost confirmation line loses nothing.
  if (!command.args.Has("write-key-file") && !command.out.good()) {
    return absl::FailedPreconditionError("cannot write the new secret out");
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status RunRotate(Command& command) {
  const std::string name = command.args.At(2);
  if (name.empty() || command.args.positional.size() > 3) {
    return UsageError("keys rotate: give one NAME (apiKeys/{k})");
  }
  v1::GetApiKeyRequest get;
  get.set_name(name);
  v1::ApiKey old;
  if (absl::Status read = CallKeys(command, "GetApiKey", get, &old);
      !read.ok()) {
    return read;
  }
  absl::StatusOr<v1::CreateApiKeyRequest> request =
      ReplacementOf(old, command.args);
  if (!request.ok()) return request.status();
  v1::CreateApiKeyResponse created;
  if (absl::Status made = CallKeys(command, "CreateApiKey", *request, &created);
      !made.ok()) {
    return made;
  }
  v1::RevokeApiKeyRequest revoke;
  v1::ApiKey revoked;
  if (absl::Status delivered = Deliver(command, created); !delivered.ok()) {
    // Its secret is lost: the new key is of no use, the old one stays.
    revoke.set_name(created.api_key().name());
    const absl::Status undone =
        CallKeys(command, "RevokeApiKey", revoke, &revoked);
    return absl::Status(
        delivered.code(),
        absl::StrCat(delivered.message(), "; ", created.api_key().name(),
                     undone.ok() ? " was revoked again"
                                 : absl::StrCat(" could not be revoked (revoke "
                                                "it by hand): ",
                                                undone.message()),
                     " and ", name, " still works"));
  }
  revoke.set_name(name);
  if (absl::Status done = CallKeys(command, "RevokeApiKey", revoke, &revoked);
      !done.ok()) {
    return absl::Status(
        done.code(),
        absl::StrCat("the new key ", created.api_key().name(),
                     " works, but revoking ", name,
                     " failed (revoke it again): ", done.message()));
  }
  command.err << name << " revoked; " << created.api_key().name()
              << " replaces it\n";
  return absl::OkStatus();
}

}  // namespace cordonctl
