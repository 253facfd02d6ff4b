import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// scrypt: memory-hard (128 * N * r bytes = 16 MiB here). Parameters are stored with each hash so they can change.
// Callers bound the password's length first (resolvers/input.ts: 1,024 characters) so normalising it is cheap.
const PARAMS = { N: 16384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

/**
 * `scrypt2`: the password in NFC, which only unifies different encodings of the same characters (a
 * precomposed é and e + combining accent). The first scheme, `scrypt`, used NFKC, which also merges
 * distinct characters ("ﬁ" and "fi", full-width and ASCII letters): still verified, and rehashed to
 * scrypt2 at the next successful login (needsRehash).
 */
const SCHEME = 'scrypt2';
const NORMALISATION: Record<string, 'NFC' | 'NFKC'> = { scrypt2: 'NFC', scrypt: 'NFKC' };

function derive(password: string, form: 'NFC' | 'NFKC', salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize(form), salt, KEY_LENGTH, { ...options, maxmem: 64 * 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** Returns `scrypt2$N$r$p$<salt b64>$<hash b64>`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, 'NFC', salt, PARAMS);
  return [SCHEME, PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  const form = scheme ? NORMALISATION[scheme] : undefined;
  if (!form || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(password, form, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** True for a hash of an older scheme: rehash it once the password was verified. */
export function needsRehash(stored: string): boolean {
  return !stored.startsWith(`${SCHEME}$`);
}

/** Same cost as a real verification, so unknown emails and wrong passwords take the same time. */
let dummyHash: Promise<string> | null = null;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword('caretql-dummy-password');
  await verifyPassword(password, await dummyHash);
}
