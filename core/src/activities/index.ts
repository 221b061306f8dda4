export type { ActivityAccess, ActivityTarget, StoredRef } from './activity-links';
export {
  activityTargets,
  changeActivityLinks,
  insertActivityLinks,
  linkedActivities,
  TARGETS_CHANGE_KEY,
} from './activity-links';
export { activityModel } from './activity-model';
export { installStandardObjects, STANDARD_OBJECTS_VERSION, upgradeWorkspaces } from './install-activities';
