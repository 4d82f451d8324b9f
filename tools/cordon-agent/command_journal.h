#ifndef CORDON_TOOLS_CORDON_AGENT_COMMAND_JOURNAL_H_
#define CORDON_TOOLS_CORDON_AGENT_COMMAND_JOURNAL_H_

#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "tools/cordon-agent/directory.h"

namespace cordon::agent {

// The agent's durable record of the commands it applied and what came of
// them (ISO-15: commands arrive at least once). A command found here is
// acknowledged again with its recorded outcome and not applied twice, also
// after a restart. One line per command, appended and fsynced before the
// acknowledgement is sent; the oldest are dropped past `max_entries` (the
// server stops sending a command once it is acknowledged).
class CommandJournal {
 public:
  explicit CommandJournal(std::string path, size_t max_entries = 10000)
      : path_(std::move(path)), max_entries_(max_entries) {}

  // Reads the file (a missing file is an empty journal). False when it
  // exists but cannot be read.
  bool Load();
  std::optional<DirectoryOutcome> Find(const std::string& command_id) const;
  // Appends durably; false when the disk refused it (then nothing may be
  // acknowledged: the command comes again and is looked up again).
  bool Record(const std::string& command_id, const DirectoryOutcome& outcome);

 private:
  bool Rewrite();

  const std::string path_;
  const size_t max_entries_;
  mutable std::mutex mu_;
  std::map<std::string, DirectoryOutcome> outcomes_;
  std::deque<std::string> order_;
};

}  // namespace cordon::agent

#endif  // CORDON_TOOLS_CORDON_AGENT_COMMAND_JOURNAL_H_
