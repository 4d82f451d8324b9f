#!/usr/bin/env node
// Starts cordon-server and talks to it the way a client with no proto files
// does: a real third-party reflection client (npm grpc-js-reflection-client,
// reflection v1alpha, the only version gRPC 1.51 serves) lists the services,
// fetches the AccountService descriptor, and the test then creates an account
// and lists it with the bootstrap key, and asks grpc.health.v1 about every
// cordon.v1 service it listed. Finally SIGTERM must stop the server cleanly.
//
//   node reflection_test.js path/to/cordon-server
//
// Exits 0 on success, 1 with a message otherwise. A global timeout kills the
// server and fails the test.

'use strict';

const childProcess = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const readline = require('readline');

const TIMEOUT_MS = 60000;
const CALL_DEADLINE_MS = 10000;
const STOP_TIMEOUT_MS = 15000;

// The npm packages; a clear failure (never a silent skip) if missing.
function loadPackages() {
  try {
    return {
      grpc: require('@grpc/grpc-js'),
      GrpcReflection: require('grpc-js-reflection-client').GrpcReflection,
    };
  } catch (err) {
    if (err.code !== 'MODULE_NOT_FOUND') throw err;
    console.error(
      `reflection_test: FAILED: the npm packages are not installed in ${__dirname}\n` +
        `  (${err.message.split('\n')[0]})\n` +
        '  Run tools/dev.sh test (it runs `npm ci` there when node_modules is missing),\n' +
        '  or by hand: cd tests/reflection && npm ci');
    process.exit(1);
  }
}

const { grpc, GrpcReflection } = loadPackages();

let server = null; // the running child, killed on any failure
let dataDir = null;

// A failed expectation: reported by its message alone, without a stack.
class CheckFailed extends Error {}

function check(condition, message) {
  if (!condition) throw new CheckFailed(message);
}

function cleanUp() {
  if (server !== null && server.exitCode === null && server.signalCode === null) {
    server.kill('SIGKILL');
  }
  if (dataDir !== null) fs.rmSync(dataDir, { recursive: true, force: true });
}

// Starts the server; resolves with its port once it logs the serving line.
function startServer(binary) {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cordon-reflection-'));
  server = childProcess.spawn(
    binary,
    ['--listen=127.0.0.1:0', `--data_dir=${dataDir}`, '--shutdown_grace=5s'],
    { stdio: ['ignore', 'inherit', 'pipe'] });
  const log = [];
  const exited = new Promise((resolve) => {
    server.on('exit', (code, signal) => resolve({ code, signal }));
  });
  const port = new Promise((resolve, reject) => {
    server.on('error', (err) => reject(new Error(`cannot start ${binary}: ${err.message}`)));
    readline.createInterface({ input: server.stderr }).on('line', (line) => {
      log.push(line);
      console.error(`  | ${line}`); // the server logs the key's path, never the token
      const match = / serving on 127\.0\.0\.1:(\d+) /.exec(line);
      if (match) resolve(Number(match[1]));
    });
    exited.then(({ code, signal }) =>
      reject(new CheckFailed(`cordon-server exited (code ${code}, signal ${signal}) before serving`)));
  });
  return { port, exited, log };
}

function deadline() {
  return { deadline: Date.now() + CALL_DEADLINE_MS };
}

// One unary call on a client made by @grpc/grpc-js; resolves with the response.
function unary(client, method, request, metadata) {
  return new Promise((resolve, reject) => {
    client[method](request, metadata, deadline(), (err, response) => {
      if (err) {
        const error = new Error(`${method}: ${grpc.status[err.code]} ${err.details}`);
        error.code = err.code;
        reject(error);
      } else {
        resolve(response);
      }
    });
  });
}

async function main() {
  const binary = process.argv[2];
  check(binary, 'usage: node reflection_test.js path/to/cordon-server');
  check(fs.existsSync(binary), `no cordon-server at ${binary}: build it first (tools/dev.sh build)`);

  const started = startServer(binary);
  const port = await started.port;
  const target = `127.0.0.1:${port}`;
  const token = fs.readFileSync(path.join(dataDir, 'bootstrap.key'), 'utf8').trim();
  check(token.length > 0, 'bootstrap.key is empty');
  console.log(`server on ${target}`);

  // 1. List the services through reflection.
  const reflection = new GrpcReflection(target, grpc.credentials.createInsecure(), {}, 'v1alpha');
  const services = await reflection.listServices('*', new grpc.Metadata(), deadline());
  console.log(`services: ${services.join(', ')}`);
  for (const name of [
    'cordon.v1.AccountService',
    'grpc.health.v1.Health',
    'grpc.reflection.v1alpha.ServerReflection',
  ]) {
    check(services.includes(name), `reflection does not list ${name}: ${services.join(', ')}`);
  }

  // 2. The AccountService descriptor, with its dependencies, from reflection only.
  const descriptor = await reflection.getDescriptorBySymbol(
    'cordon.v1.AccountService', new grpc.Metadata(), deadline());
  const packageObject = descriptor.getPackageObject({
    keepCase: true,
    longs: String,
    enums: String,
    oneofs: true,
  });
  const AccountService = packageObject.cordon && packageObject.cordon.v1 &&
    packageObject.cordon.v1.AccountService;
  check(typeof AccountService === 'function',
    'the descriptor from reflection has no cordon.v1.AccountService');
  for (const method of ['CreateAccount', 'ListAccounts']) {
    check(method in AccountService.service, `AccountService from reflection has no ${method}`);
  }

  // 3. Create an account, then list it, with the bootstrap key.
  const client = new AccountService(target, grpc.credentials.createInsecure());
  const auth = new grpc.Metadata();
  auth.set('authorization', `Bearer ${token}`);
  const displayName = `Reflection Test MSP ${process.pid}`;

  const change = await unary(client, 'CreateAccount', { account: { display_name: displayName } }, auth);
  check(change.account && /^accounts\/.+/.test(change.account.name),
    `CreateAccount returned no account name: ${JSON.stringify(change)}`);
  check(change.account.display_name === displayName,
    `CreateAccount returned display_name ${JSON.stringify(change.account.display_name)}`);
  console.log(`created ${change.account.name}`);

  const list = await unary(client, 'ListAccounts', {}, auth);
  const accounts = list.accounts || [];
  const found = accounts.find((a) => a.name === change.account.name);
  check(found !== undefined,
    `ListAccounts does not return ${change.account.name}: ${JSON.stringify(list)}`);
  check(found.display_name === displayName,
    `ListAccounts returned display_name ${JSON.stringify(found.display_name)}`);
  console.log(`listed ${accounts.length} account(s), including ${found.name}`);

  // Without the key the same call is refused.
  const refused = await unary(client, 'ListAccounts', {}, new grpc.Metadata()).then(
    () => null, (err) => err);
  check(refused !== null && refused.code === grpc.status.UNAUTHENTICATED,
    `ListAccounts without a key: expected UNAUTHENTICATED, got ${refused ? refused.message : 'OK'}`);
  client.close();

  // 4. Health answers SERVING for every cordon.v1 service reflection lists
  // (issue 8: the per-service check used to be NOT_FOUND).
  const healthDescriptor = await reflection.getDescriptorBySymbol(
    'grpc.health.v1.Health', new grpc.Metadata(), deadline());
  const Health = healthDescriptor.getPackageObject({ keepCase: true, enums: String })
    .grpc.health.v1.Health;
  const health = new Health(target, grpc.credentials.createInsecure());
  const cordonServices = services.filter((name) => name.startsWith('cordon.v1.'));
  check(cordonServices.length >= 10, `reflection lists only ${cordonServices.join(', ')}`);
  for (const service of cordonServices) {
    const answer = await unary(health, 'Check', { service }, new grpc.Metadata()).then(
      (response) => response.status, (err) => err.message);
    check(answer === 'SERVING', `health of ${service}: ${answer}`);
  }
  console.log(`health: SERVING for ${cordonServices.length} cordon.v1 services`);
  health.close();

  // 5. SIGTERM stops the server cleanly.
  server.kill('SIGTERM');
  const stopTimer = new Promise((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS, null));
  const exit = await Promise.race([started.exited, stopTimer]);
  check(exit !== null, `cordon-server did not exit within ${STOP_TIMEOUT_MS / 1000} s of SIGTERM`);
  check(exit.code === 0, `cordon-server exited with code ${exit.code}, signal ${exit.signal} after SIGTERM`);
  check(started.log.some((line) => line.includes('stopped cleanly')),
    'cordon-server did not log "stopped cleanly"');
  check(!started.log.some((line) => line.includes(token)), 'the server log contains the token');
}

const globalTimer = setTimeout(() => {
  console.error(`reflection_test: FAILED: timed out after ${TIMEOUT_MS / 1000} s`);
  cleanUp();
  process.exit(1);
}, TIMEOUT_MS);

main().then(
  () => {
    clearTimeout(globalTimer);
    cleanUp();
    console.log('reflection_test: PASSED');
    process.exit(0);
  },
  (err) => {
    clearTimeout(globalTimer);
    const detail = err instanceof CheckFailed || !(err && err.stack) ? String(err.message || err) : err.stack;
    console.error(`reflection_test: FAILED: ${detail}`);
    cleanUp();
    process.exit(1);
  });
