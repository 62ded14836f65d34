/*
 * Public surface of the people feature: people, groups and memberships, events.
 * Other features import only from here.
 */
export { peopleSiteRoutes } from './routes.site.js';
export { peopleApiRoutes } from './routes.api.js';
export { peopleAdminRoutes } from './routes.admin.js';
export { getPersonDetail, pageOfPeople } from './person.service.js';
export type { PersonDetail, PersonSummary } from './person.model.js';
