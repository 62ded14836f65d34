// The admin app's entry (bundled to /assets/admin.js); the screens live in ./admin/.
import { start } from './admin/app.js';

start();
