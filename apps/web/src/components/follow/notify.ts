/**
 * Browser notifications for followed riders. Permission is asked only from a user's own action
 * (following a rider), as browsers require; when it is refused or unavailable, alerts stay in the page.
 */
export type NotifyPermission = 'granted' | 'denied' | 'default' | 'unsupported';

export function notificationPermission(): NotifyPermission {
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.permission;
}

/** Asks once, from a click: answers the permission after asking (or as it was). */
export async function askNotificationPermission(): Promise<NotifyPermission> {
  if (typeof Notification === 'undefined') return 'unsupported';
  if (Notification.permission !== 'default') return Notification.permission;
  try {
    return await Notification.requestPermission();
  } catch {
    return 'denied';
  }
}

/** Shows a system notification when allowed; answers false when the page must show it instead. */
export function showNotification(title: string, body: string, tag: string): boolean {
  if (notificationPermission() !== 'granted') return false;
  try {
    new Notification(title, { body, tag, icon: '/favicon.svg' });
    return true;
  } catch {
    // Some mobile browsers allow notifications only from a service worker.
    return false;
  }
}
