import express from 'express';
import Router from 'express-promise-router';

/** The plugin's HTTP routes, mounted under /api/miniplanes. */
export async function createRouter(): Promise<express.Router> {
  const router = Router();
  router.use(express.json({ limit: '1mb' }));

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  return router;
}
