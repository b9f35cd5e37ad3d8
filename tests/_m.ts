import express from 'express';
import type { Mountable } from '../src/chat/teams/teams-surface.js';
const a: Mountable = express();
const r: Mountable = express.Router();
const u: express.Router | express.Express = express();
const m: Mountable = u;
export { a, r, m };
