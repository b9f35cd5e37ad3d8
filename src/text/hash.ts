/** murmur3's 32-bit finaliser: spreads a weak hash's (FNV's) low bits before they choose a bucket. */
export function murmurFinalize(hash: number): number {
  let h = hash >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
