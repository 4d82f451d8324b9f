#include "server/core/escalation/routing.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/core/errors.h"

namespace cordon::core {
namespace routing_test {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const std::vector<EscalationType> kAllTypes = {
    EscalationType::kIntegrationPsaDeliveryFailed,
    EscalationType::kSystemHealthDefenderRtpDisabled,
    EscalationType::kHostIsolationOrgWide,
    EscalationType::kIntegrationM365Inaccessible,
    EscalationType::kLoginUnexpectedCountry,
    EscalationType::kLoginUnexpectedVpn,
};

const std::vector<std::string> kAdmins = {"Ann@Example.com",
                                          "bert@example.com"};

TEST(Routing, Esc3LoginEscalationsGoToThePsaWhenConfigured) {
  EXPECT_EQ(ChannelFor(EscalationType::kLoginUnexpectedCountry, true),
            DeliveryChannel::kPsa);
  EXPECT_EQ(ChannelFor(EscalationType::kLoginUnexpectedVpn, true),
            DeliveryChannel::kPsa);
}

TEST(Routing, Esc3LoginEscalationsGoByEmailWithoutPsa) {
  EXPECT_EQ(ChannelFor(EscalationType::kLoginUnexpectedCountry, false),
            DeliveryChannel::kEmail);
  EXPECT_EQ(ChannelFor(EscalationType::kLoginUnexpectedVpn, false),
            DeliveryChannel::kEmail);
}

TEST(Routing, Esc3OtherTypesAlwaysGoByEmail) {
  for (EscalationType type : kAllTypes) {
    if (IsLoginEscalation(type)) continue;
    EXPECT_EQ(ChannelFor(type, true), DeliveryChannel::kEmail)
        << EscalationTypeName(type);
    EXPECT_EQ(ChannelFor(type, false), DeliveryChannel::kEmail)
        << EscalationTypeName(type);
  }
}

TEST(Routing, Esc3PsaPlanHasNoEmailRecipients) {
  const DeliveryPlan plan = PlanDelivery(EscalationType::kLoginUnexpectedVpn,
                                         true, {"x@example.com"}, kAdmins);
  EXPECT_EQ(plan.channel, DeliveryChannel::kPsa);
  EXPECT_THAT(plan.recipients, IsEmpty());
}

TEST(Routing, Esc6DefaultRecipientsAreAllAdmins) {
  EXPECT_THAT(EmailRecipients({}, kAdmins),
              ElementsAre("Ann@Example.com", "bert@example.com"));
  const DeliveryPlan plan =
      PlanDelivery(EscalationType::kHostIsolationOrgWide, true, {}, kAdmins);
  EXPECT_EQ(plan.channel, DeliveryChannel::kEmail);
  EXPECT_EQ(plan.recipients.size(), 2u);
}

TEST(Routing, Esc6ConfiguredListIsUsedAndDedupedCaseInsensitively) {
  EXPECT_THAT(EmailRecipients({"ann@example.com", "SOC@example.com",
                               "ANN@EXAMPLE.COM", "soc@example.com"},
                              kAdmins),
              ElementsAre("ann@example.com", "SOC@example.com"));
}

TEST(Routing, Esc6AdminsAreDedupedToo) {
  EXPECT_THAT(EmailRecipients({}, {"a@example.com", "A@example.com"}),
              ElementsAre("a@example.com"));
}

TEST(Routing, Esc6ListWithoutAnyCurrentAdminFallsBackToAdmins) {
  // The only admin on the list has lost the role since.
  EXPECT_THAT(EmailRecipients({"former-admin@example.com"}, kAdmins),
              ElementsAre("Ann@Example.com", "bert@example.com"));
}

TEST(Routing, Esc6EditedListMustKeepAnAdmin) {
  absl::StatusOr<std::vector<std::string>> list =
      NormalizeRecipientList({"soc@example.com"}, kAdmins);
  EXPECT_EQ(list.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldOf(list.status()), "recipients");
  EXPECT_EQ(ReasonOf(list.status()), "RECIPIENTS_NEED_ADMIN");
  list = NormalizeRecipientList({}, kAdmins);
  EXPECT_EQ(ReasonOf(list.status()), "RECIPIENTS_NEED_ADMIN");
}

TEST(Routing, Esc6EditedListAdminMatchIsCaseInsensitive) {
  absl::StatusOr<std::vector<std::string>> list = NormalizeRecipientList(
      {"soc@example.com", "ANN@example.COM", "Soc@Example.com"}, kAdmins);
  ASSERT_TRUE(list.ok()) << list.status();
  EXPECT_THAT(*list, ElementsAre("soc@example.com", "ANN@example.COM"));
}

TEST(Routing, Esc6EditedListRejectsBadAddressesByIndex) {
  const absl::Status status =
      NormalizeRecipientList({"ann@example.com", "not-an-email"}, kAdmins)
          .status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldOf(status), "recipients[1]");
}

TEST(Routing, Esc6EditedListIsBounded) {
  std::vector<std::string> many(kMaxEscalationRecipients + 1,
                                "ann@example.com");
  EXPECT_EQ(FieldOf(NormalizeRecipientList(many, kAdmins).status()),
            "recipients");
  many.pop_back();
  EXPECT_TRUE(NormalizeRecipientList(many, kAdmins).ok());
}

TEST(Routing, ChannelNames) {
  EXPECT_EQ(DeliveryChannelName(DeliveryChannel::kEmail), "EMAIL");
  EXPECT_EQ(DeliveryChannelName(DeliveryChannel::kPsa), "PSA");
}

}  // namespace routing_test
}  // namespace cordon::core
