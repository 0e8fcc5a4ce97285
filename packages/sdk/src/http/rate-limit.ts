/**
 * A rate limiter driven by the API's own headers rather than by a guess: Okta's
 * `X-Rate-Limit-Limit/Remaining/Reset` (reset in epoch seconds), the IETF draft's
 * `RateLimit-Limit/Remaining/Reset` (PagerDuty; reset in seconds from now), and `Retry-After` on 429.
 *
 * Requests are grouped into buckets (by default the origin). Before a request is sent the limiter
 * checks the bucket: if what the server said remains, minus the requests already in flight, is
 * used up, it waits for the window to reset. So a concurrent sync spends the budget without ever
 * crossing it; a 429 that still happens (another client sharing the org) pauses the whole bucket.
 */
import { numericHeader, retryAfterMs, type HeaderMap } from './headers.js';

interface Bucket {
  limit?: number;
  remaining?: number;
  resetAt?: number;
  inflight: number;
  /** Set by a 429: nobody sends before this time. */
  pausedUntil: number;
}

export interface RateLimitState {
  limit?: number;
  remaining?: number;
  resetAt?: number;
}

/** Reads the vendor's headers; epoch-second and delta-second resets are told apart by size. */
export function readRateLimitHeaders(headers: HeaderMap, now = Date.now()): RateLimitState {
  const limit = numericHeader(headers, 'x-rate-limit-limit') ?? numericHeader(headers, 'ratelimit-limit');
  const remaining = numericHeader(headers, 'x-rate-limit-remaining') ?? numericHeader(headers, 'ratelimit-remaining');
  const reset = numericHeader(headers, 'x-rate-limit-reset') ?? numericHeader(headers, 'ratelimit-reset');
  let resetAt: number | undefined;
  if (reset !== undefined) resetAt = reset > 1e9 ? reset * 1000 : now + reset * 1000;
  return { limit, remaining, resetAt };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  /** Reset times are whole seconds and clocks drift: wait this much past them. */
  private readonly marginMs: number;
  waits = 0;
  waitedMs = 0;

  constructor(options: { marginMs?: number } = {}) {
    this.marginMs = options.marginMs ?? 1000;
  }

  private bucket(key: string): Bucket {
    let b = this.buckets.get(key);
    if (!b) {
      b = { inflight: 0, pausedUntil: 0 };
      this.buckets.set(key, b);
    }
    return b;
  }

  /** Waits until a request may be sent in this bucket, then counts it as in flight. */
  async acquire(key: string): Promise<void> {
    const b = this.bucket(key);
    for (;;) {
      const now = Date.now();
      if (b.pausedUntil > now) {
        await this.wait(b.pausedUntil - now);
        continue;
      }
      if (b.resetAt !== undefined && b.remaining !== undefined && now >= b.resetAt) {
        // The window we knew of is over; until the server says otherwise, assume a fresh one.
        b.remaining = b.limit;
        b.resetAt = undefined;
      }
      if (b.remaining !== undefined && b.remaining - b.inflight <= 0) {
        if (b.resetAt !== undefined) {
          await this.wait(b.resetAt - now + this.marginMs);
          continue;
        }
        if (b.inflight > 0) {
          // A fresh window's whole budget is in flight: its answers will say where the window stands.
          await this.wait(25);
          continue;
        }
        // Nothing in flight will tell us more: one request finds out.
      }
      b.inflight++;
      return;
    }
  }

  /** Records a response's headers and releases its in-flight slot. */
  release(key: string, headers: HeaderMap | undefined, status?: number): void {
    const b = this.bucket(key);
    b.inflight = Math.max(0, b.inflight - 1);
    if (!headers) return;
    const now = Date.now();
    const s = readRateLimitHeaders(headers, now);
    if (s.limit !== undefined) b.limit = s.limit;
    if (s.remaining !== undefined && s.resetAt !== undefined) {
      // A response from a newer window replaces what we knew; within a window keep the lowest
      // count seen, since responses can arrive out of order.
      if (b.resetAt === undefined || s.resetAt > b.resetAt + 500 || b.remaining === undefined) {
        b.remaining = s.remaining;
      } else {
        b.remaining = Math.min(b.remaining, s.remaining);
      }
      b.resetAt = Math.max(b.resetAt ?? 0, s.resetAt);
    }
    if (status === 429) {
      const after = retryAfterMs(headers, now);
      const until = after !== undefined ? now + after : s.resetAt !== undefined ? s.resetAt + this.marginMs : now + 1000;
      b.pausedUntil = Math.max(b.pausedUntil, until);
      b.remaining = 0;
    }
  }

  private async wait(ms: number): Promise<void> {
    this.waits++;
    this.waitedMs += ms;
    await sleep(ms);
  }
}
