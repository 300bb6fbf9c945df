#!/usr/bin/env node
// The benchmark's baseline: a bare node:http server that answers every request with the
// same small JSON body. It is started exactly like the emulator (a child process given
// `--host 127.0.0.1 --port 0`) and prints a ready line with its URL, so every figure the
// bench reports has a "how fast can Node itself answer on this machine" reference beside it.
import http from 'node:http';

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const host = arg('--host', '127.0.0.1');
const port = Number(arg('--port', '0'));
const body = Buffer.from(JSON.stringify({ data: { hello: 'world' } }));

const server = http.createServer((req, res) => {
  // Read (and drop) the request body before answering, as any real server must.
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(body);
  });
});
server.keepAliveTimeout = 65_000;

server.listen(port, host, () => {
  const addr = /** @type {import('node:net').AddressInfo} */ (server.address());
  console.log(`baseline ready at http://${host}:${addr.port}`);
});

function stop() {
  server.close(() => process.exit(0));
  server.closeAllConnections();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
