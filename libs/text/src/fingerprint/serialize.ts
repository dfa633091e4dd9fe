import { TextFingerprint } from './fingerprint';

/** JSON-safe form of a fingerprint (typed arrays as base64 of their little-endian bytes), for jsonb or bytea. */
export interface SerializedFingerprint {
  contentHash: string;
  tokenCount: number;
  shingles: string;
  signature: string;
  leadSignature: string;
}

function encode(values: Uint32Array): string {
  const bytes = Buffer.alloc(values.length * 4);
  for (let i = 0; i < values.length; i++) bytes.writeUInt32LE(values[i], i * 4);
  return bytes.toString('base64');
}

function decode(text: string): Uint32Array {
  const bytes = Buffer.from(text, 'base64');
  const values = new Uint32Array(bytes.length >>> 2);
  for (let i = 0; i < values.length; i++) values[i] = bytes.readUInt32LE(i * 4);
  return values;
}

export function serializeFingerprint(fp: TextFingerprint): SerializedFingerprint {
  return {
    contentHash: fp.contentHash,
    tokenCount: fp.tokenCount,
    shingles: encode(fp.shingles),
    signature: encode(fp.signature),
    leadSignature: encode(fp.leadSignature),
  };
}

export function deserializeFingerprint(data: SerializedFingerprint): TextFingerprint {
  return {
    contentHash: data.contentHash,
    tokenCount: data.tokenCount,
    shingles: decode(data.shingles),
    signature: decode(data.signature),
    leadSignature: decode(data.leadSignature),
  };
}
