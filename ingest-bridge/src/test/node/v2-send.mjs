// A v2 sender written with Node's @grpc/grpc-js, a gRPC implementation other than grpc-java, loading
// kloggregator's own ingress.proto at run time. GrpcIngressIT runs it against the bridge.
//
// node v2-send.mjs PROTO_DIR ADDRESS CA CERT KEY APP COUNT
//   Sends COUNT log envelopes for APP: the first half as a BatchSender stream of batches of 10, the
//   rest with one Send call per 10, then prints "SENT <count>".
//   With CERT and KEY given as "-", connects without a client certificate and prints
//   "REFUSED <grpc status code name>" when the call fails, as the bridge must make it.
// Any other outcome prints "FAIL <reason>" and exits 1.
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import { readFileSync } from 'node:fs';

const [protoDir, address, ca, cert, key, app, countText] = process.argv.slice(2);
const count = Number(countText);

function fail(reason) {
  console.log(`FAIL ${reason}`);
  process.exit(1);
}

const definition = protoLoader.loadSync('loggregator/v2/ingress.proto', {
  includeDirs: [protoDir], longs: String, keepCase: true, defaults: false,
});
const Ingress = grpc.loadPackageDefinition(definition).loggregator.v2.Ingress;
const credentials = cert === '-'
  ? grpc.credentials.createSsl(readFileSync(ca))
  : grpc.credentials.createSsl(readFileSync(ca), readFileSync(key), readFileSync(cert));
const client = new Ingress(address, credentials, {
  'grpc.ssl_target_name_override': 'localhost',
});

function envelope(n) {
  return {
    timestamp: String(BigInt(Date.now()) * 1000000n + BigInt(n)),
    source_id: app,
    instance_id: String(n % 3),
    tags: { source_type: 'NODE' },
    log: { payload: Buffer.from(`node line ${n}`), type: n % 2 === 0 ? 'OUT' : 'ERR' },
  };
}

function batches(from, to) {
  const all = [];
  for (let start = from; start < to; start += 10) {
    const batch = [];
    for (let n = start; n < Math.min(start + 10, to); n++) {
      batch.push(envelope(n));
    }
    all.push({ batch });
  }
  return all;
}

function streamed(list) {
  return new Promise((resolve, reject) => {
    const call = client.BatchSender((error) => (error ? reject(error) : resolve()));
    for (const batch of list) {
      call.write(batch);
    }
    call.end();
  });
}

function sent(batch) {
  return new Promise((resolve, reject) => {
    client.Send(batch, (error) => (error ? reject(error) : resolve()));
  });
}

const deadline = setTimeout(() => fail('no answer within 60 s'), 60000);
try {
  const half = Math.floor(count / 2);
  await streamed(batches(0, half));
  for (const batch of batches(half, count)) {
    await sent(batch);
  }
  if (cert === '-') {
    fail('a call without a client certificate was accepted');
  }
  console.log(`SENT ${count}`);
} catch (error) {
  if (cert !== '-') {
    fail(`${error.code} ${error.details}`);
  }
  console.log(`REFUSED ${grpc.status[error.code]}`);
} finally {
  clearTimeout(deadline);
  client.close();
}
