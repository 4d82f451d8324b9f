#ifndef CORDON_TOOLS_CORDON_AGENT_FILE_DIRECTORY_H_
#define CORDON_TOOLS_CORDON_AGENT_FILE_DIRECTORY_H_

#include <mutex>
#include <string>

#include "tools/cordon-agent/directory.h"

namespace cordon::agent {

// A directory kept in a JSON file, {"<upn>": <userAccountControl>, ...}:
// for tests and trials without an AD server. Each change rewrites the file
// through a temporary file, fsync and rename, so a crash leaves the old or
// the new file, never half of one. UPNs match case-insensitively, as AD's.
class FileDirectory final : public Directory {
 public:
  explicit FileDirectory(std::string path) : path_(std::move(path)) {}
  DirectoryOutcome SetAccountEnabled(const std::string& upn,
                                     bool enabled) override;

 private:
  const std::string path_;
  std::mutex mu_;
};

}  // namespace cordon::agent

#endif  // CORDON_TOOLS_CORDON_AGENT_FILE_DIRECTORY_H_
