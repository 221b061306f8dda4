export type { ActivityAccess, ActivityTarget } from './activity-links';
export { activityTargets, changeActivityLinks, linkedActivities, TARGETS_CHANGE_KEY } from './activity-links';
export { activityModel } from './activity-model';
export { installStandardObjects, STANDARD_OBJECTS_VERSION, upgradeWorkspaces } from './install-activities';
