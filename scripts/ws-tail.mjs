// Prints a kloggregator WebSocket tail, one frame a line: node scripts/ws-tail.mjs WS_URL TOKEN
// e.g. node scripts/ws-tail.mjs 'ws://127.0.0.1:8080/tail/?app=demo-app&format=json' "$TOKEN"
//
// The handshake is made by hand (RFC 6455 §4.1) so that a refusal shows the gateway's own answer:
// its status and reason, one line on stderr, and an exit code as the logs CLI's: 2 usage,
// 3 unreachable, 4 401, 5 403, 6 other refusal (400, 404, 503), 1 a socket closed other than
// normally; 0 after a normal close (1000). The token goes in the Authorization header.
import http from 'node:http';
import https from 'node:https';
import { randomBytes } from 'node:crypto';

const [url, token] = process.argv.slice(2);
if (!url || !token) fail(2, 'usage: node scripts/ws-tail.mjs WS_URL TOKEN');
let target;
try {
  target = new URL(url);
} catch (bad) {
  fail(2, `ws-tail: not a URL: ${url}`);
}
if (target.protocol !== 'ws:' && target.protocol !== 'wss:') {
  fail(2, `ws-tail: not a ws:// or wss:// URL: ${url}`);
}

const secure = target.protocol === 'wss:';
const request = (secure ? https : http).request(target.href.replace(/^ws/, 'http'), {
  headers: {
    Connection: 'Upgrade',
    Upgrade: 'websocket',
    'Sec-WebSocket-Version': '13',
    'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
    Authorization: 'bearer ' + token,
  },
});
request.on('error', (error) => fail(3, `ws-tail: gateway unreachable: ${error.message}`));
request.on('response', refused);
request.on('upgrade', (response, socket, head) => read(socket, head));
request.end();

function refused(response) {
  let body = '';
  response.setEncoding('utf8');
  response.on('data', (chunk) => (body += chunk));
  response.on('end', () => {
    const status = response.statusCode;
    const reason = body.trim().replace(/\s+/g, ' ') || response.statusMessage;
    const code = status === 401 ? 4 : status === 403 ? 5 : 6;
    fail(code, `ws-tail: refused (${status}): ${reason}`);
  });
}

// Server frames are unmasked (RFC 6455 §5.1); a ping is answered with a masked pong (§5.5.3).
function read(socket, head) {
  let buffer = head;
  let message = [];
  const drain = () => {
    for (let frame = next(); frame; frame = next()) {
      handle(socket, frame);
    }
  };
  socket.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    drain();
  });
  socket.on('close', () => fail(1, 'ws-tail: connection lost (no close frame)'));
  socket.on('error', (error) => fail(1, `ws-tail: connection lost: ${error.message}`));
  // Frames that came in the same read as the 101 head (a short dump and its close frame can):
  // no 'data' event follows for them.
  drain();

  function next() {
    if (buffer.length < 2) return null;
    let length = buffer[1] & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (buffer.length < 4) return null;
      length = buffer.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (buffer.length < 10) return null;
      length = Number(buffer.readBigUInt64BE(2));
      offset = 10;
    }
    if (buffer.length < offset + length) return null;
    const frame = { fin: (buffer[0] & 0x80) !== 0, opcode: buffer[0] & 0x0f,
      payload: buffer.subarray(offset, offset + length) };
    buffer = buffer.subarray(offset + length);
    return frame;
  }

  function handle(socket, frame) {
    if (frame.opcode === 0x9) {
      send(socket, 0xa, frame.payload);
    } else if (frame.opcode === 0x8) {
      closed(socket, frame.payload);
    } else if (frame.opcode <= 0x2) {
      message.push(frame.payload);
      if (frame.fin) {
        console.log(Buffer.concat(message).toString('utf8'));
        message = [];
      }
    }
  }
}

function closed(socket, payload) {
  const code = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
  const reason = payload.subarray(2).toString('utf8');
  send(socket, 0x8, payload.subarray(0, 2));
  socket.removeAllListeners('close');
  socket.end();
  if (code === 1000) {
    console.error(`closed: ${code}${reason ? ' ' + reason : ''}`);
    process.exit(0);
  }
  fail(1, `ws-tail: closed (${code})${reason ? ': ' + reason : ''}`);
}

function send(socket, opcode, payload) {
  const mask = randomBytes(4);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]));
  socket.write(Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | payload.length]), mask,
    masked]));
}

function fail(code, line) {
  console.error(line);
  process.exit(code);
}
