#ifndef CORDON_TESTS_PROCESS_SERVED_PSA_H_
#define CORDON_TESTS_PROCESS_SERVED_PSA_H_

// The PSA side of the end-to-end process tests (docs/psa-setup.md): the
// three products cordon-sim --serve fakes, the integration each fake
// accepts, the cordon-server flags for PSAs on loopback, the gRPC calls that
// set the integration and make a login escalation, and the /_sim/psa/ knobs.

#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "cordon/v1/account.pb.h"
#include "grpcpp/grpcpp.h"
#include "tests/process/served_cordon.h"

namespace cordon::process_testing {

// cordon-server's flags for PSAs on loopback, including the opt-out of
// the private-endpoint refusal (--allow_private_endpoints).
std::vector<std::string> PsaServerFlags(const ServedTenant& tenant);

struct Product {
  v1::PsaIntegration::Kind kind;
  std::string desk;  // /_sim/psa/{desk}/
};

void PrintTo(const Product& product, std::ostream* out);
// ConnectWise, Autotask and HaloPSA, for INSTANTIATE_TEST_SUITE_P; with
// ProductName, the tests are named after the desk.
std::vector<Product> ServedProducts();
struct ProductName {
  template <typename ParamInfo>
  std::string operator()(const ParamInfo& info) const {
    return info.param.desk;
  }
};

// The integration the served fake accepts (simulator/serve/
// served_psa_accounts.h; docs/psa-setup.md, "Trying it against the
// simulator").
v1::PsaIntegration Integration(const Product& product, const std::string& base);

// The calls the PSA tests need beyond CordonApi's, with the bootstrap key.
class PsaCalls {
 public:
  PsaCalls(int port, std::string key);

  grpc::Status SetPsa(const std::string& account,
                      const v1::PsaIntegration& psa);
  // A sign-in through a VPN no rule expects: LOGIN_UNEXPECTED_VPN (ESC-2),
  // a login escalation, so it goes to the PSA (ESC-3).
  grpc::Status SignInThroughVpn(const std::string& identity);

 private:
  void Prepare(grpc::ClientContext* context) const;

  std::shared_ptr<grpc::Channel> channel_;
  std::string key_;
};

// GET /_sim/psa/{desk}/tickets, or POST `body` to /_sim/psa/{desk}/{verb}
// (fault, fix).
nlohmann::json SimPsa(const ServedTenant& tenant, const std::string& desk,
                      const std::string& verb, const std::string& body = "");
// The served desk's tickets, in the order they were created.
nlohmann::json DeskTickets(const ServedTenant& tenant, const std::string& desk);

// cordon-sim --serve and cordon-server up (PsaServerFlags), an account
// with an organization, one identity (SetUpWalkthrough) and `product`'s
// integration.
struct PsaCordon {
  std::unique_ptr<ServedTenant> tenant;
  std::unique_ptr<CordonServer> server;
  Walkthrough walk;
};
// "" or what went wrong; `directory` must outlive `out`.
std::string StartPsaCordon(const std::string& directory, const Product& product,
                           PsaCordon* out);

}  // namespace cordon::process_testing

#endif  // CORDON_TESTS_PROCESS_SERVED_PSA_H_
