import { errors, jwtVerify, SignJWT } from 'jose';

export interface TokenClaims {
  readonly userId: string;
  readonly email: string;
}

export type TokenFailure = 'expired' | 'invalid';

export class TokenError extends Error {
  constructor(readonly reason: TokenFailure) {
    super(reason === 'expired' ? 'token expired' : 'invalid token');
    this.name = 'TokenError';
  }
}

const ISSUER = 'caretql';
const ALG = 'HS256';

export function secretKey(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

export async function signToken(key: Uint8Array, claims: TokenClaims, expiresInSeconds: number): Promise<string> {
  return new SignJWT({ email: claims.email })
    .setProtectedHeader({ alg: ALG, typ: 'JWT' })
    .setSubject(claims.userId)
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + expiresInSeconds)
    .sign(key);
}

/** Throws TokenError('expired' | 'invalid'). */
export async function verifyToken(key: Uint8Array, token: string): Promise<TokenClaims> {
  try {
    // A token without exp would never expire: refused.
    const { payload } = await jwtVerify(token, key, { issuer: ISSUER, algorithms: [ALG], requiredClaims: ['exp'] });
    if (typeof payload.sub !== 'string' || typeof payload.email !== 'string') throw new TokenError('invalid');
    return { userId: payload.sub, email: payload.email };
  } catch (err) {
    if (err instanceof TokenError) throw err;
    if (err instanceof errors.JWTExpired) throw new TokenError('expired');
    throw new TokenError('invalid');
  }
}
