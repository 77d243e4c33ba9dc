/**
 * What the proxy needs from the environment. Separate from src/env.ts, which is server-only and
 * validates the app's whole configuration (the proxy needs none of it).
 */
export const isDevelopment = (): boolean => process.env.NODE_ENV === 'development';
