import { readFileSync } from 'node:fs';

/**
 * Format versions of the index: a change to how documents are cut into sections and chunks
 * (CHUNKER_VERSION) makes every file be parsed again at the next ingest.
 */
export const CHUNKER_VERSION = 'sections-v84';

/**
 * The release that builds and reads indexes (package.json's version): a replica refuses an index
 * another release built, since its chunks, analyzer or scores may differ in ways no field records.
 */
export const APP_VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
