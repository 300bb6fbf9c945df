import type { ServerResponse } from 'node:http';

/** Answers with a JSON body; `headers` are added to (or replace) the content type and length. */
export const sendJson = (res: ServerResponse, status: number, body: unknown, headers?: Readonly<Record<string, string>>): void => {
  const text = JSON.stringify(body);
  const length = Buffer.byteLength(text);
  res.writeHead(status, headers
    ? { 'content-type': 'application/json; charset=utf-8', 'content-length': length, ...headers }
    : { 'content-type': 'application/json; charset=utf-8', 'content-length': length });
  res.end(text);
};
