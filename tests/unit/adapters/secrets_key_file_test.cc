// DESIGN rule 7 (secrets read from files that must be 0600), issue 11: the
// --secrets_key_file key is created on the first start and checked after.

#include "server/adapters/secrets_key_file.h"

#include <sys/stat.h>

#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/fake_entropy.h"
#include "testing/temp_dir.h"

namespace cordon::adapters {
namespace secrets_key_file_test {

using ::testing::HasSubstr;

class SecretsKeyFileTest : public ::testing::Test {
 protected:
  absl::StatusOr<std::string> Load(bool* created) {
    return LoadOrCreateSecretsKey(path_, "--secrets_key_file", entropy_,
                                  created);
  }
  void WriteFile(const std::string& content, mode_t mode) {
    std::ofstream(path_) << content;
    ASSERT_EQ(chmod(path_.c_str(), mode), 0);
  }

  testing::TempDir dir_;
  std::string path_ = dir_.path() + "/secrets.key";
  ports::SeededEntropy entropy_{3};
};

TEST_F(SecretsKeyFileTest, Rule7CreatedOnFirstStartOwnerOnlyThenReadBack) {
  bool created = false;
  absl::StatusOr<std::string> key = Load(&created);
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_TRUE(created);
  EXPECT_EQ(key->size(), 32u);
  struct stat info {};
  ASSERT_EQ(stat(path_.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  absl::StatusOr<std::string> again = Load(&created);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(created);
  EXPECT_EQ(*again, *key);
}

TEST_F(SecretsKeyFileTest, Rule7AFileOthersMayReadIsRefusedNamingTheFlag) {
  WriteFile(std::string(64, 'a') + "\n", 0644);
  bool created = false;
  absl::StatusOr<std::string> key = Load(&created);
  EXPECT_TRUE(absl::IsFailedPrecondition(key.status()));
  EXPECT_THAT(key.status().message(), HasSubstr("--secrets_key_file"));
  EXPECT_THAT(key.status().message(), HasSubstr("0644"));
  EXPECT_THAT(key.status().message(), ::testing::Not(HasSubstr("aaaa")));
}

TEST_F(SecretsKeyFileTest, Rule7AFileThatIsNotAKeyIsRefused) {
  for (const std::string& content :
       {std::string(63, 'a'), std::string(64, 'g'), std::string(66, 'a')}) {
    WriteFile(content, 0600);
    bool created = false;
    absl::StatusOr<std::string> key = Load(&created);
    EXPECT_TRUE(absl::IsFailedPrecondition(key.status())) << content;
    EXPECT_THAT(key.status().message(), HasSubstr("64 hex digits"));
  }
}

}  // namespace secrets_key_file_test
}  // namespace cordon::adapters
