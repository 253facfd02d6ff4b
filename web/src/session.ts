// The signed-in user's token, kept in localStorage so a reload stays signed in.
const KEY = 'caretql.token';
const EMAIL = 'caretql.email';

export function getToken(): string | null {
  return localStorage.getItem(KEY);
}
export function getEmail(): string | null {
  return localStorage.getItem(EMAIL);
}
export function saveSession(token: string, email: string): void {
  localStorage.setItem(KEY, token);
  localStorage.setItem(EMAIL, email);
}
export function clearSession(): void {
  localStorage.removeItem(KEY);
  localStorage.removeItem(EMAIL);
}
