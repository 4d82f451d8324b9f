#ifndef CORDON_SERVER_STORE_ETCD_ETCD_COMPARE_H_
#define CORDON_SERVER_STORE_ETCD_ETCD_COMPARE_H_

#include <cstdint>
#include <string>

#include "etcd/etcdserver/etcdserverpb/rpc.pb.h"

namespace cordon::store {

// The two conditions Cordon's etcd Txns are made of, added to `txn`'s
// compares. etcd counts both as 0 for an absent key.
// `key` still has the mod revision `revision`: unchanged since read.
inline void RequireModRevision(const std::string& key, int64_t revision,
                               etcdserverpb::TxnRequest* txn) {
  etcdserverpb::Compare* compare = txn->add_compare();
  compare->set_key(key);
  compare->set_target(etcdserverpb::Compare::MOD);
  compare->set_result(etcdserverpb::Compare::EQUAL);
  compare->set_mod_revision(revision);
}

// `key` was created at `revision` (0: does not exist): the same key, not
// one deleted and created again.
inline void RequireCreateRevision(const std::string& key, int64_t revision,
                                  etcdserverpb::TxnRequest* txn) {
  etcdserverpb::Compare* compare = txn->add_compare();
  compare->set_key(key);
  compare->set_target(etcdserverpb::Compare::CREATE);
  compare->set_result(etcdserverpb::Compare::EQUAL);
  compare->set_create_revision(revision);
}

}  // namespace cordon::store

#endif  // CORDON_SERVER_STORE_ETCD_ETCD_COMPARE_H_
