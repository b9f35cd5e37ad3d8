/**
 * A bounded "seen recently" set: Slack may deliver the same event twice (retries, an app_mention
 * and a message event for one message), and each must produce one answer without the set growing
 * for the life of the process.
 */
export class RecentKeys {
  private readonly keys = new Set<string>();

  constructor(private readonly max = 10_000) {}

  /** True the first time a key is seen (and remembers it); false for a repeat. */
  claim(key: string): boolean {
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    while (this.keys.size > this.max) {
      const oldest = this.keys.values().next().value;
      if (oldest === undefined) break;
      this.keys.delete(oldest);
    }
    return true;
  }
}
