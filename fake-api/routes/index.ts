// Every route the fake serves. To add an endpoint, add a route() to one of these tables.
import type { Route } from '../router.js';
import { activityRoutes } from './activities.js';
import { catalogRoutes } from './catalog.js';
import { messageRoutes } from './messages.js';
import { objectRoutes } from './objects.js';
import { metricsRoutes } from './metrics.js';
import { peopleRoutes } from './people.js';
import { suppressionRoutes } from './suppressions.js';

export const allRoutes: readonly Route[] = [
  ...catalogRoutes,
  ...messageRoutes,
  ...activityRoutes,
  ...peopleRoutes,
  ...objectRoutes,
  ...metricsRoutes,
  ...suppressionRoutes,
];
