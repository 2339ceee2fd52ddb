export type GenerationErrorKind =
  | 'no-provider' | 'no-key' | 'unauthorized' | 'rate-limited' | 'offline' | 'stream-cut'
  | 'server' | 'bad-request' | 'cancelled';

/** A failed generation, in words for the user; the partial text (if any) is kept by the caller. */
export class GenerationError extends Error {
  constructor(
    readonly kind: GenerationErrorKind,
    message: string,
    readonly status?: number,
    /** For rate limits: when to try again, in seconds. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'GenerationError';
  }
}
