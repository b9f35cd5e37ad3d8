/**
 * Format versions of the index: a change to how documents are cut into sections and chunks
 * (CHUNKER_VERSION) makes every file be parsed again at the next ingest.
 */
export const CHUNKER_VERSION = 'sections-v26';
