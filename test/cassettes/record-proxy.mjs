// A recording proxy for the cassettes in this folder: it sits between the real Prefect 1.x
// client (CLI, agent, flow runs) and an emulator, forwards every request unchanged, and appends
// each exchange to a JSON-lines file. Run only against an emulator with fixture keys: the
// recordings keep the Authorization header, and fixture keys are public test credentials.
//
//   node test/cassettes/record-proxy.mjs <listen port> <emulator url> <out.jsonl>
//
// A line `{"mark": "..."}` can be appended by the operator to label steps (POST /__mark?m=...).
import { appendFileSync } from 'node:fs';
import { createServer, request } from 'node:http';

const [port, target, out] = process.argv.slice(2);
if (!port || !target || !out) {
  console.error('usage: record-proxy.mjs <port> <emulator url> <out.jsonl>');
  process.exit(2);
}
const KEPT = ['authorization', 'x-prefect-tenant-id', 'x-prefect-agent-id', 'x-prefect-heartbeat-id', 'content-type'];
const base = new URL(target);
let seq = 0;

createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url, 'http://proxy');
    if (url.pathname === '/__mark') {
      appendFileSync(out, JSON.stringify({ mark: url.searchParams.get('m') }) + '\n');
      res.end('ok');
      return;
    }
    const headers = Object.fromEntries(KEPT.filter((h) => req.headers[h] !== undefined).map((h) => [h, req.headers[h]]));
    const at = new Date().toISOString();
    const forward = request(
      { host: base.hostname, port: base.port, path: req.url, method: req.method, headers: { ...req.headers, host: base.host } },
      (upstream) => {
        const back = [];
        upstream.on('data', (c) => back.push(c));
        upstream.on('end', () => {
          const text = Buffer.concat(back).toString('utf8');
          let parsed;
          try { parsed = JSON.parse(text); } catch { parsed = text; }
          let sent;
          try { sent = JSON.parse(body); } catch { sent = body; }
          appendFileSync(out, JSON.stringify({ seq: seq++, at, method: req.method, path: req.url, headers, body: sent, status: upstream.statusCode, response: parsed }) + '\n');
          res.writeHead(upstream.statusCode ?? 502, { 'content-type': upstream.headers['content-type'] ?? 'application/json' });
          res.end(text);
        });
      },
    );
    forward.on('error', () => { res.writeHead(502); res.end(); });
    forward.end(body);
  });
}).listen(Number(port), '127.0.0.1');
