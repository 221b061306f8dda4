import type { GlobalThemeOverrides } from 'naive-ui';

const font = "'Inter', ui-sans-serif, system-ui, -apple-system, 'Segoe UI', sans-serif";

/** One accent colour and Inter everywhere: the whole look hangs on these few values. */
export const themeOverrides: GlobalThemeOverrides = {
  common: {
    fontFamily: font,
    fontSize: '14px',
    fontSizeMedium: '14px',
    primaryColor: '#4f46e5',
    primaryColorHover: '#6366f1',
    primaryColorPressed: '#4338ca',
    primaryColorSuppl: '#6366f1',
    borderRadius: '6px',
    borderColor: '#e5e7eb',
    dividerColor: '#eef0f3',
    textColorBase: '#111827',
    textColor1: '#111827',
    textColor2: '#374151',
    textColor3: '#6b7280',
  },
  DataTable: {
    thColor: '#f9fafb',
    thTextColor: '#6b7280',
    thFontWeight: '500',
    tdColorHover: '#f8f8fc',
    borderColor: '#eef0f3',
    fontSizeSmall: '13px',
  },
  Card: { borderRadius: '10px' },
  Dialog: { borderRadius: '10px' },
};
