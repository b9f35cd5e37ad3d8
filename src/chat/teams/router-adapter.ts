/**
 * An IHttpServerAdapter for the Teams SDK that registers its routes on an express Router instead
 * of owning an http.Server. The SDK's own ExpressAdapter either creates a server or takes a whole
 * express app at App construction time; a Router lets one App be served two ways decided later:
 * mounted into the main server (`expressApp.use(router)`, one port for web chat and Teams) or
 * behind a small server of its own (TEAMS_PORT). The SDK only registers a POST route (the
 * messaging endpoint); its handler is framework-free: ({ body, headers }) → { status, body }.
 */
import express, { type ErrorRequestHandler, type RequestHandler, type Router } from 'express';
import type { HttpMethod, HttpRouteHandler, IHttpServerAdapter } from '@microsoft/teams.apps';

/** Teams activities are small; a cap keeps a stray client from posting megabytes. */
const BODY_LIMIT = '256kb';

/** Malformed or oversized bodies get a short JSON error, not express's HTML page with a stack trace. */
const bodyErrors: ErrorRequestHandler = (error, _req, res, next) => {
  if (res.headersSent) {
    next(error);
    return;
  }
  const status = typeof error?.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
  res.status(status).json({ error: status === 500 ? 'Internal server error' : 'Invalid request body' });
};

export class RouterAdapter implements IHttpServerAdapter {
  readonly router: Router = express.Router();

  registerRoute(method: HttpMethod, path: string, handler: HttpRouteHandler): void {
    if (method !== 'POST') throw new Error(`Unsupported HTTP method for Teams route: ${String(method)}`);
    const forward: RequestHandler = async (req, res, next) => {
      if (req.body === null || typeof req.body !== 'object' || Array.isArray(req.body)) {
        res.status(400).json({ error: 'Expected a JSON activity' });
        return;
      }
      try {
        const response = await handler({ body: req.body, headers: req.headers as Record<string, string | string[]> });
        if (response.body === undefined) res.status(response.status).end();
        else res.status(response.status).json(response.body);
      } catch (error) {
        next(error);
      }
    };
    this.router.post(path, express.json({ limit: BODY_LIMIT }), forward, bodyErrors);
  }
}
