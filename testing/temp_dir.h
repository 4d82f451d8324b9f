#ifndef CORDON_TESTING_TEMP_DIR_H_
#define CORDON_TESTING_TEMP_DIR_H_

#include <stdlib.h>

#include <filesystem>
#include <string>

namespace cordon::testing {

// A fresh directory for one test's data, removed with everything in it when
// the TempDir goes. With kMemoryIfAvailable it lives in /dev/shm when the
// machine has it: a test that restarts the process rather than the machine
// keeps the same guarantees, and the fsyncs of synced writes become free.
class TempDir {
 public:
  enum class Where { kDisk, kMemoryIfAvailable };

  explicit TempDir(Where where = Where::kDisk) {
    std::error_code error;
    std::filesystem::path base = std::filesystem::temp_directory_path();
    if (where == Where::kMemoryIfAvailable &&
        std::filesystem::is_directory("/dev/shm", error)) {
      base = "/dev/shm";
    }
    std::string templ = (base / "cordon-test-XXXXXX").string();
    if (mkdtemp(templ.data()) != nullptr) path_ = templ;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // "" when no directory could be made.
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace cordon::testing

#endif  // CORDON_TESTING_TEMP_DIR_H_
