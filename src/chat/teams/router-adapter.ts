/**
 * An IHttpServerAdapter for the Teams SDK that registers its routes on an express Router instead
 * of owning an http.Server. The SDK's own ExpressAdapter either creates a server or takes a whole
 * express app at App construction time; a Router lets one App be served two ways decided later:
 * mounted into the main server (`expressApp.use(router)`, one port for web chat and Teams) or
 * behind a small server of its own (TEAMS_PORT). The SDK only registers a POST route (the
 * messaging endpoint); its handler is framework-free: ({ body, headers }) → { status, body }.
 */
import express, { type Router } from 'express';
import type { HttpMethod, HttpRouteHandler, IHttpServerAdapter } from '@microsoft/teams.apps';

/** Teams activities are small; a cap keeps a stray client from posting megabytes. */
const BODY_LIMIT = '256kb';

export class RouterAdapter implements IHttpServerAdapter {
  readonly router: Router = express.Router();

  registerRoute(method: HttpMethod, path: string, handler: HttpRouteHandler): void {
    if (method !== 'POST') throw new Error(`Unsupported HTTP method for Teams route: ${String(method)}`);
    this.router.post(path, express.json({ limit: BODY_LIMIT }), async (req, res, next) => {
      try {
        const response = await handler({ body: req.body, headers: req.headers as Record<string, string | string[]> });
        if (response.body === undefined) res.status(response.status).end();
        else res.status(response.status).json(response.body);
      } catch (error) {
        next(error);
      }
    });
  }
}
