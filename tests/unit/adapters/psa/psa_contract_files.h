#ifndef CORDON_TESTS_UNIT_ADAPTERS_PSA_PSA_CONTRACT_FILES_H_
#define CORDON_TESTS_UNIT_ADAPTERS_PSA_PSA_CONTRACT_FILES_H_

// The documented PSA payloads of tests/contract/psa/, read from the source
// tree (the files the served fakes are checked against too).

#include <string>

#include "absl/strings/str_cat.h"
#include "tests/unit/adapters/graph/contract_files.h"

namespace cordon::adapters::psa::testing {

inline std::string ReadPsaContract(absl::string_view name) {
  return graph::testing::ReadContractFile(absl::StrCat("../psa/", name));
}

}  // namespace cordon::adapters::psa::testing

#endif  // CORDON_TESTS_UNIT_ADAPTERS_PSA_PSA_CONTRACT_FILES_H_
