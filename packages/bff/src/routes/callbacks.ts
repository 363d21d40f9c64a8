import { Hono } from 'hono';
export const callbackRoutes = (_deps: unknown) => new Hono(); // placeholder: owned by the store/live engineer
