/**
 * The identity errors, defined in `src/errors/identity.ts` with every other error class; re-exported
 * here so `./errors.js` imports inside `src/identity/` keep working.
 */
export * from '../errors/identity.js'
