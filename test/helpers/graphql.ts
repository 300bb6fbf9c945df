/** A GraphQL response body as the emulator sends it. */
export interface GqlBody {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests index into arbitrary response shapes
  data?: Record<string, any> | null;
  errors?: { message: string; locations?: unknown; path?: unknown; extensions?: { code?: string; field?: string } }[];
}

/** A GraphQL answer: the HTTP status, the parsed body and the body as sent. */
export interface GqlResult {
  status: number;
  body: GqlBody;
  text: string;
}
