#ifndef CORDON_SERVER_API_GRPC_LOG_BRIDGE_H_
#define CORDON_SERVER_API_GRPC_LOG_BRIDGE_H_

namespace cordon::api {

// gRPC's own messages (gpr_log: a bad client preface, a failed TLS
// handshake) as JSON lines of the server's log (event "grpc") instead of
// gRPC's plain text, so every line on stderr parses. Process-wide; call
// once before the server starts.
void RouteGrpcLogs();

}  // namespace cordon::api

#endif  // CORDON_SERVER_API_GRPC_LOG_BRIDGE_H_
