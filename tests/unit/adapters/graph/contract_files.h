#ifndef CORDON_TESTS_UNIT_ADAPTERS_GRAPH_CONTRACT_FILES_H_
#define CORDON_TESTS_UNIT_ADAPTERS_GRAPH_CONTRACT_FILES_H_

// Reads the documented Graph answers of tests/contract/graph/ from the source
// tree, so the tests check the very files the fake Graph must match.

#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "gtest/gtest.h"

namespace cordon::adapters::graph::testing {

inline std::string ContractDir() {
  return absl::StrCat(CORDON_CONTRACT_DIR, "/graph");
}

// The file's bytes; a failed read fails the test and returns "".
inline std::string ReadContractFile(absl::string_view name) {
  const std::string path = absl::StrCat(ContractDir(), "/", name);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "cannot read contract file " << path;
    return "";
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace cordon::adapters::graph::testing

#endif  // CORDON_TESTS_UNIT_ADAPTERS_GRAPH_CONTRACT_FILES_H_
