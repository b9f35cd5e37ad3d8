/**
 * The staff page (`/equipe`): the recent refusals and 👎 with their question, so the people who
 * keep the corpus see its gaps. Its data (`GET /api/equipe/signalements`) needs the ADMIN_TOKEN
 * as a bearer token, compared in constant time; while ADMIN_TOKEN is unset the page is refused.
 * Wrong tokens are counted per address and slowed down. The token is never logged.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import express, { type Request, type Response } from 'express';
import type { Settings } from '../../config.js';
import type { Logger } from '../logger.js';
import { createRateLimiter } from '../rate-limit.js';
import type { StaffReview } from '../store/staff-review.js';

export const STAFF_PAGE_PATH = '/equipe';
export const STAFF_API_PATH = '/api/equipe/signalements';

/** Every bound of the staff page, in one place. */
const STAFF_LIMITS = {
  /** Entries shown at most. */
  entries: 200,
  /** Wrong tokens an address may send per window before it must wait. */
  failuresPerWindow: 10,
  windowMs: 60_000,
  trackedAddresses: 10_000,
} as const;

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** Whether `Authorization: Bearer <token>` carries the admin token; digests first, so the comparison takes the same time whatever the length. */
export function adminTokenMatches(header: string | undefined, adminToken: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) return false;
  return timingSafeEqual(digest(match[1]!), digest(adminToken));
}

export interface StaffRoutesOptions {
  settings: Settings;
  review: StaffReview;
  /** Where the page's static files are (the web chat's folder). */
  webDir: string;
}

export function staffRoutes({ settings, review, webDir }: StaffRoutesOptions): express.Router {
  const router = express.Router();
  const adminToken = settings.ADMIN_TOKEN;
  const failures = createRateLimiter(STAFF_LIMITS.failuresPerWindow, STAFF_LIMITS.windowMs, STAFF_LIMITS.trackedAddresses);
  const log = (res: Response): Logger => (res.locals as { log: Logger }).log;

  router.get(STAFF_PAGE_PATH, (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(path.join(webDir, 'equipe.html'));
  });

  router.get(STAFF_API_PATH, async (req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    if (!adminToken) {
      res.status(403).json({ error: "La page de l'équipe est désactivée : définissez ADMIN_TOKEN (16 caractères au moins) dans l'environnement du serveur pour l'ouvrir." });
      return;
    }
    // An address that sent too many wrong tokens waits, right token or not: guesses are not even compared.
    const address = req.socket.remoteAddress ?? 'unknown';
    const tooMany = (wait: number): void => {
      res.setHeader('Retry-After', String(wait));
      res.status(429).json({ error: `Trop d'essais de jeton : réessayez dans ${wait} s.` });
    };
    const waiting = failures(address, Date.now(), false);
    if (waiting > 0) {
      tooMany(waiting);
      return;
    }
    if (!adminTokenMatches(req.get('authorization'), adminToken)) {
      const wait = failures(address);
      log(res).warn({ waitSeconds: wait }, 'page équipe : jeton refusé');
      if (wait > 0) {
        tooMany(wait);
        return;
      }
      res.setHeader('WWW-Authenticate', 'Bearer realm="Alinéa équipe"');
      res.status(401).json({ error: "Jeton d'administration absent ou incorrect." });
      return;
    }
    const entries = await review.recent(STAFF_LIMITS.entries);
    res.json({ retentionDays: settings.REVIEW_RETENTION_DAYS, entries });
  });

  return router;
}
