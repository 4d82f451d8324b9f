#include "server/adapters/secret_file.h"

#include <sys/stat.h>

#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/temp_dir.h"

namespace cordon::adapters {
namespace secret_file_test {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kSecret[] = "s3cr3t~Value.with-stuff";

class SecretFileTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& content, mode_t mode) {
    const std::string path = directory_.path() + "/secret";
    std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
    chmod(path.c_str(), mode);
    return path;
  }

  cordon::testing::TempDir directory_;
};

TEST_F(SecretFileTest, ReadsOwnerOnlyFileWithoutTrailingNewline) {
  auto secret = ReadSecretFile(Write(std::string(kSecret) + "\r\n", 0600));
  ASSERT_TRUE(secret.ok()) << secret.status();
  EXPECT_EQ(*secret, kSecret);
}

TEST_F(SecretFileTest, ReadOnlyForOwnerIsFine) {
  EXPECT_TRUE(ReadSecretFile(Write(kSecret, 0400)).ok());
}

TEST_F(SecretFileTest, RefusesFileOthersCanReadAndNamesPathAndMode) {
  const std::string path = Write(kSecret, 0644);
  auto secret = ReadSecretFile(path);
  ASSERT_EQ(secret.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(secret.status().message(), HasSubstr(path));
  EXPECT_THAT(secret.status().message(), HasSubstr("0644"));
  EXPECT_THAT(secret.status().message(), Not(HasSubstr(kSecret)));
}

TEST_F(SecretFileTest, RefusesGroupAccess) {
  EXPECT_EQ(ReadSecretFile(Write(kSecret, 0640)).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReadSecretFile(Write(kSecret, 0620)).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(SecretFileTest, RefusesMissingFile) {
  auto secret = ReadSecretFile(directory_.path() + "/absent");
  EXPECT_EQ(secret.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(SecretFileTest, RefusesEmptyFileAndOneOfOnlyNewlines) {
  EXPECT_EQ(ReadSecretFile(Write("", 0600)).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReadSecretFile(Write("\n", 0600)).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(SecretFileTest, RefusesFileOverTheCap) {
  const std::string path = Write(std::string(11, 'x'), 0600);
  EXPECT_TRUE(ReadSecretFile(path, 11).ok());
  auto secret = ReadSecretFile(path, 10);
  EXPECT_EQ(secret.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(secret.status().message(), Not(HasSubstr("xxxxxxxxxxx")));
}

TEST_F(SecretFileTest, RefusesDirectory) {
  EXPECT_EQ(ReadSecretFile(directory_.path()).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace secret_file_test
}  // namespace cordon::adapters
