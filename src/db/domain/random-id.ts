/** A random id. Not crypto.randomUUID(): pages that are not a secure context lack it (and still run in memory). */
export const randomId = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
