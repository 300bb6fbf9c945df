/** A streaming decoder, as iconv-lite gives one: text for each chunk, then what is left. */
export interface Decoder {
  write(chunk: Buffer): string;
  end(): string;
}
/** A decoder for `encoding`; throws "Encoding not recognized: …" for one it cannot decode. */
export declare const getDecoder: (encoding: string) => Decoder;
/** Whether `encoding` can be decoded. */
export declare const encodingExists: (encoding: string) => boolean;
/** `buffer` decoded from `encoding` whole (a byte order mark dropped). */
export declare const decode: (buffer: Buffer, encoding: string) => string;
