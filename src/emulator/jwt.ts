// HS256 JSON Web Tokens, as the Chat API signs and verifies user keys.
import { createHmac, timingSafeEqual } from 'node:crypto';

const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const signature = (input: string, key: string) => createHmac('sha256', key).update(input).digest('base64url');

export function signHs256(payload: object, key: string): string {
  const input = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ ...payload, iat: Math.floor(Date.now() / 1000) })}`;
  return `${input}.${signature(input, key)}`;
}

/** The payload of a token signed with `key` using HS256 (and not expired), or undefined. */
export function verifyHs256(token: string, key: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [header, payload, sig] = parts;
  const expected = Buffer.from(signature(`${header}.${payload}`, key));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    if ((JSON.parse(Buffer.from(header, 'base64url').toString()) as { alg?: unknown }).alg !== 'HS256') return undefined;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    if (typeof claims.exp === 'number' && claims.exp * 1000 < Date.now()) return undefined;
    return claims;
  } catch {
    return undefined;
  }
}
