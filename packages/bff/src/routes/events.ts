import { Hono } from 'hono';
export const eventRoutes = (_deps: unknown) => new Hono(); // placeholder: owned by the store/live engineer
