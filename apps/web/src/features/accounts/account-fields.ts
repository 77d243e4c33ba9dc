import { TEXT_LIMITS, tooLongMessage } from '@medrank/core';

/**
 * Checks the free-text fields better-auth accepts on sign-up and update-user (it validates
 * only their types): name, e-mail and profile image. Runs before better-auth looks anything up,
 * so a bad value gets the same error whether or not the e-mail has an account.
 * @returns the first problem as a message, or null when the fields are fine.
 */
export function accountFieldsProblem(
  body: Record<string, unknown>,
  { isSignUp }: { isSignUp: boolean },
): string | null {
  const { name, email, image } = body;
  if (typeof name === 'string') {
    if (name.trim() === '' && isSignUp) return 'name: must not be empty';
    if (name.length > TEXT_LIMITS.personName)
      return tooLongMessage('name', TEXT_LIMITS.personName, name.length);
  }
  if (typeof email === 'string' && email.length > TEXT_LIMITS.email)
    return tooLongMessage('email', TEXT_LIMITS.email, email.length);
  if (image !== undefined && image !== null) {
    if (typeof image !== 'string') return 'image: must be an http(s) URL';
    if (image.length > TEXT_LIMITS.url)
      return tooLongMessage('image', TEXT_LIMITS.url, image.length);
    if (image !== '' && !/^https?:\/\/\S+$/.test(image)) return 'image: must be an http(s) URL';
  }
  return null;
}
