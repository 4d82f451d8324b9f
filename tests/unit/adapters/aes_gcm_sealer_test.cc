// DESIGN rule 7 (secrets stored encrypted), issue 11: AES-256-GCM sealing.

#include "server/adapters/aes_gcm_sealer.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/errors.h"
#include "testing/fake_entropy.h"

namespace cordon::adapters {
namespace aes_gcm_sealer_test {

using ::testing::HasSubstr;
using ::testing::Not;

std::unique_ptr<AesGcmSealer> Sealer(char key_byte, ports::Entropy* nonces,
                                     uint8_t key_id = 1) {
  auto sealer = AesGcmSealer::Create(std::string(kSecretsKeyBytes, key_byte),
                                     nonces, key_id);
  EXPECT_TRUE(sealer.ok()) << sealer.status();
  return *std::move(sealer);
}

void ExpectUnreadable(const absl::StatusOr<std::string>& opened) {
  EXPECT_TRUE(absl::IsFailedPrecondition(opened.status())) << opened.status();
  EXPECT_EQ(core::ReasonOf(opened.status()), "SECRET_UNREADABLE");
}

TEST(AesGcmSealer, Rule7SealsAndOpensForTheSameAccount) {
  ports::SeededEntropy nonces(1);
  auto sealer = Sealer('k', &nonces);
  auto sealed = sealer->Seal("private-key-123", "accounts/7");
  ASSERT_TRUE(sealed.ok());
  EXPECT_THAT(*sealed, Not(HasSubstr("private-key-123")));
  EXPECT_EQ(sealed->size(), 2 + 12 + 15 + 16u);
  EXPECT_EQ((*sealed)[0], 1) << "format";
  EXPECT_EQ((*sealed)[1], 1) << "key id";
  auto opened = sealer->Open(*sealed, "accounts/7");
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(*opened, "private-key-123");
  EXPECT_EQ(*sealer->Open(*sealer->Seal("", "accounts/7"), "accounts/7"), "");
}

TEST(AesGcmSealer, Rule7BoundToItsAccount) {
  ports::SeededEntropy nonces(1);
  auto sealer = Sealer('k', &nonces);
  const std::string sealed = *sealer->Seal("secret", "accounts/7");
  ExpectUnreadable(sealer->Open(sealed, "accounts/8"));
  ExpectUnreadable(sealer->Open(sealed, "accounts/70"));
}

TEST(AesGcmSealer, Rule7WrongKeyTamperingAndOtherKeyIdsDoNotOpen) {
  ports::SeededEntropy nonces(1);
  const std::string sealed = *Sealer('k', &nonces)->Seal("secret", "a");
  ExpectUnreadable(Sealer('x', &nonces)->Open(sealed, "a"));
  for (size_t i = 2; i < sealed.size(); ++i) {
    std::string tampered = sealed;
    tampered[i] ^= 0x01;
    ExpectUnreadable(Sealer('k', &nonces)->Open(tampered, "a"));
  }
  auto other_id = Sealer('k', &nonces, 2)->Open(sealed, "a");
  ExpectUnreadable(other_id);
  EXPECT_THAT(other_id.status().message(), HasSubstr("key id 1"));
  ExpectUnreadable(Sealer('k', &nonces)->Open("short", "a"));
  EXPECT_THAT(Sealer('x', &nonces)->Open(sealed, "a").status().message(),
              Not(HasSubstr("secret\"")));
}

TEST(AesGcmSealer, Rule3NoncesComeFromTheInjectedSourceSoRunsReplay) {
  ports::SeededEntropy first(5), second(5);
  auto a = Sealer('k', &first);
  auto b = Sealer('k', &second);
  const std::string one = *a->Seal("secret", "a");
  EXPECT_EQ(one, *b->Seal("secret", "a")) << "same seed, same bytes";
  EXPECT_NE(one, *a->Seal("secret", "a")) << "a fresh nonce per seal";
}

TEST(AesGcmSealer, Rule7RefusesAKeyOfTheWrongSize) {
  ports::SeededEntropy nonces(1);
  EXPECT_TRUE(absl::IsInvalidArgument(
      AesGcmSealer::Create(std::string(16, 'k'), &nonces).status()));
}

}  // namespace aes_gcm_sealer_test
}  // namespace cordon::adapters
