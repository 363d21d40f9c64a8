import { Hono } from 'hono';
import type { EmulatorContext } from '../context.js';

/** The ESS API at `POST /` (filled in below). */
export function apiRoutes(_ctx: EmulatorContext): Hono {
  return new Hono();
}
