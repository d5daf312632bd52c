// Prints a kloggregator WebSocket tail: node --experimental-websocket scripts/ws-tail.mjs URL TOKEN
// Node's WebSocket cannot set headers, so the token goes in the original's `authorization` query
// parameter.
const [url, token] = process.argv.slice(2);
if (!url || !token) {
  console.error('usage: node --experimental-websocket scripts/ws-tail.mjs WS_URL TOKEN');
  process.exit(2);
}
const target = new URL(url);
target.searchParams.set('authorization', 'bearer ' + token);
const socket = new WebSocket(target);
socket.onmessage = (event) => console.log(event.data);
socket.onclose = (event) => {
  console.error(`closed: ${event.code} ${event.reason}`);
  process.exit(event.code === 1000 ? 0 : 1);
};
socket.onerror = () => console.error('connection failed: is the gateway up, is the token valid?');
