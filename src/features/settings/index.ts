export {
  DEFAULT_SETTINGS,
  readSettings,
  writeSettings,
  type Settings,
} from './settings.service.js';
