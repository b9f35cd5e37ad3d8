/**
 * The checksum an index's manifest records for each of its files. A module of its own so that the
 * threads writing index files (vector shards, lexical analysis) hash them without loading the
 * rest of the index's code.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** SHA-256 of a file, streamed: a 400 MB vector index is never held whole. */
export async function fileChecksum(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const block of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(block as Buffer);
  return hash.digest('hex');
}
