import { Hono } from 'hono';
import type { EmulatorContext } from '../context.js';

/** File downloads under /files/... (filled in below). */
export function fileRoutes(_ctx: EmulatorContext): Hono {
  return new Hono();
}
