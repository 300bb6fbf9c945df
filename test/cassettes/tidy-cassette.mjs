// Shortens a recorded cassette: a flow whose key was revoked retries the same refused request
// hundreds of times a second (Prefect 1.4.1's cancellation thread), and its log uploads, refused
// too, grow with every "Error getting flow run info" record. Identical refused exchanges after
// the first KEEP, and refused ones with a body over MAX_BODY, are dropped and counted in a mark
// line, so the cassette stays small.
//
// It also replaces the recording machine's directories (given as FROM=TO pairs) everywhere,
// inside compressed serialized flows too, so a cassette names no machine's paths.
//
//   node test/cassettes/tidy-cassette.mjs in.jsonl out.jsonl [/recording/home=/home/prefect ...]
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';

const KEEP = 3;
const MAX_BODY = 64 * 1024;
let large = 0;
const [input, output, ...pairs] = process.argv.slice(2);
const replacements = pairs.map((p) => p.split('='));
const rewrite = (text) => replacements.reduce((t, [from, to]) => t.split(from).join(to), text);
/** Rewrites the paths inside `serialized_flow: base64(gzip(JSON))` of a registration. */
const tidyBody = (body) => {
  if (typeof body !== 'object' || body === null || typeof body.variables !== 'string') return body;
  const variables = JSON.parse(body.variables);
  const flow = variables?.input?.serialized_flow;
  if (typeof flow === 'string' && body.query.includes('create_flow_from_compressed_string')) {
    const json = rewrite(gunzipSync(Buffer.from(flow, 'base64')).toString('utf8'));
    variables.input.serialized_flow = gzipSync(Buffer.from(json)).toString('base64');
  }
  return { ...body, variables: JSON.stringify(variables) };
};
const seen = new Map();
let dropped = 0;
const kept = [];
for (const line of readFileSync(input, 'utf8').split('\n')) {
  if (line.trim() === '') continue;
  const parsed = JSON.parse(line);
  const entry = JSON.parse(rewrite(JSON.stringify('seq' in parsed ? { ...parsed, body: tidyBody(parsed.body) } : parsed)));
  const refused = 'seq' in entry && (JSON.stringify(entry.response).includes('UNAUTHENTICATED') || entry.status === 413);
  if (refused && JSON.stringify(entry.body).length > MAX_BODY) { large++; continue; }
  if (refused) {
    const signature = JSON.stringify([entry.headers, entry.body, entry.response]);
    const n = (seen.get(signature) ?? 0) + 1;
    seen.set(signature, n);
    if (n > KEEP) { dropped++; continue; }
  }
  kept.push(JSON.stringify(entry));
}
kept.push(JSON.stringify({ mark: `folded: ${dropped} repeats and ${large} large bodies of refused requests left out` }));
writeFileSync(output, kept.join('\n') + '\n');
console.log(`${kept.length} lines kept, ${dropped} repeats and ${large} large refused requests left out`);
