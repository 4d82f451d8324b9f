#ifndef CORDON_TESTING_ALL_FILE_BYTES_H_
#define CORDON_TESTING_ALL_FILE_BYTES_H_

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace cordon::testing {

// Every byte of every regular file under `dir` (RocksDB's SST, WAL,
// MANIFEST, OPTIONS...), concatenated: for tests that a secret is nowhere
// in clear (DESIGN rule 7).
inline std::string AllFileBytes(const std::string& dir) {
  std::string all;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    all.append(std::istreambuf_iterator<char>(in),
               std::istreambuf_iterator<char>());
  }
  return all;
}

}  // namespace cordon::testing

#endif  // CORDON_TESTING_ALL_FILE_BYTES_H_
