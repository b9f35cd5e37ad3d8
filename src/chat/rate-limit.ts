/** Counting calls per key in fixed windows, to slow down scripts (feedback, staff token guesses). */
/** A fixed window per key (a session, an address); the map is bounded (oldest keys forgotten first). */
export function createRateLimiter(limit: number, windowMs: number, tracked: number) {
  const windows = new Map<string, { start: number; count: number }>();
  /** Seconds to wait, or 0 when this call is allowed. With `count: false`, only asks (the call is not counted). */
  return (key: string, now = Date.now(), count = true): number => {
    let window = windows.get(key);
    if (!window || now - window.start >= windowMs) {
      if (!count) return 0;
      windows.delete(key);
      window = { start: now, count: 0 };
      windows.set(key, window);
      if (windows.size > tracked) windows.delete(windows.keys().next().value!);
    }
    if (count) window.count += 1;
    const over = count ? window.count > limit : window.count >= limit;
    return over ? Math.max(1, Math.ceil((window.start + windowMs - now) / 1000)) : 0;
  };
}
