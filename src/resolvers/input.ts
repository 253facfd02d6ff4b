// Validation of user input at the resolver boundary: BAD_USER_INPUT with the field at fault.
import { badInput } from '../errors.js';

export const NAME_MAX = 200;
export const EMAIL_MAX = 320;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 1024;
// Pragmatic: one @, no spaces, a dot in the domain; the real check is that mail arrives.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** A display name: trimmed, 1..200 characters, no control characters. */
export function requireName(value: string, field = 'name', max = NAME_MAX): string {
  const name = value.trim();
  if (name.length === 0) return badInput(`${field} must not be empty`, field);
  if (name.length > max) return badInput(`${field} must be at most ${max} characters`, field);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return badInput(`${field} must not contain control characters`, field);
  return name;
}

export function requireEmail(value: string, field = 'email'): string {
  if (value.length > EMAIL_MAX * 2) return badInput(`email must be at most ${EMAIL_MAX} characters`, field);
  const email = value.trim().toLowerCase();
  if (email.length === 0) return badInput('email must not be empty', field);
  if (email.length > EMAIL_MAX) return badInput(`email must be at most ${EMAIL_MAX} characters`, field);
  // eslint-disable-next-line no-control-regex
  if (!EMAIL.test(email) || /[\u0000-\u001f\u007f]/.test(email)) return badInput('email is not a valid address', field);
  return email;
}

/** A password's length, checked before anything else touches it (logIn and signUp). */
export function requirePasswordLength(value: string, field = 'password'): string {
  if (value.length > PASSWORD_MAX) return badInput(`password must be at most ${PASSWORD_MAX} characters`, field);
  return value;
}

/** A new password: 8..1,024 characters, not only white space, no control characters. */
export function requirePassword(value: string, field = 'password'): string {
  requirePasswordLength(value, field);
  if (value.length < PASSWORD_MIN) return badInput(`password must be at least ${PASSWORD_MIN} characters`, field);
  if (value.trim().length === 0) return badInput('password must not be only white space', field);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(value)) return badInput('password must not contain control characters', field);
  return value;
}

/** An ID argument: non-empty, bounded (ids are UUIDs; anything else simply matches nothing). */
export function requireId(value: string | number, field = 'id'): string {
  const id = String(value).trim();
  if (id.length === 0 || id.length > 100) return badInput(`${field} is not a valid id`, field);
  return id;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
