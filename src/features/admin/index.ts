/* The admin app: its HTML area (/admin) and the Admin API routes it needs beside the features'. */
export { adminAreaRoutes } from './routes.js';
export { adminSupportRoutes } from './admin.api.js';
