export {
  NOTIFICATIONS_CHANNEL,
  type NotificationSignal,
  NotificationSignals,
  signalNotifications,
} from './notification-signals';
export {
  countUnreadNotifications,
  createNotification,
  listNotifications,
  MAX_NOTIFICATIONS_PAGE,
  markNotificationsRead,
  type NewNotification,
  type NotificationInfo,
} from './notification-store';
export { unreadCounts } from './unread-counts';
