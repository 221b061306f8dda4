export {
  countUnreadNotifications,
  createNotification,
  listNotifications,
  MAX_NOTIFICATIONS_PAGE,
  markNotificationsRead,
  type NewNotification,
  type NotificationInfo,
} from './notification-store';
