/**
 * Whether a click landed in a teleported layer (a select's menu, a date picker, a dialog): those
 * live under <body>, so a popover sees them as outside though they belong to its editor.
 */
export function inFloatingLayer(event: MouseEvent): boolean {
  const target = event.target as HTMLElement | null;
  return !!target?.closest('.v-binder-follower-container, .n-modal-container');
}
