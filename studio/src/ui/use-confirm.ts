import { useDialog } from 'naive-ui';

export interface ConfirmOptions {
  title: string;
  content: string;
  positiveText: string;
  negativeText?: string;
}

/**
 * A warning dialog as a promise: true when the user confirms; closing it any other way (the
 * negative button, the close icon, a click outside) answers false. Call in a component's setup.
 */
export function useConfirm(): (options: ConfirmOptions) => Promise<boolean> {
  const dialog = useDialog();
  return ({ negativeText = 'Cancel', ...options }) =>
    new Promise((resolve) => {
      dialog.warning({
        ...options,
        negativeText,
        onPositiveClick: () => resolve(true),
        onNegativeClick: () => resolve(false),
        onClose: () => resolve(false),
        onMaskClick: () => resolve(false),
      });
    });
}
