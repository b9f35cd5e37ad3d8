/** Who holds an inbox lease: this process, unique across hosts and restarts. */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

export const LEASE_OWNER = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
