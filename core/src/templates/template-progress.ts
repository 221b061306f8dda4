/** Where an install or upgrade is: the phase, and how far along it (`label`: what is being done, for a bar). */
export interface TemplateProgress {
  phase: 'plan' | 'plugins' | 'bundle' | 'seed' | 'record' | 'done';
  done: number;
  total: number;
  label: string;
}

export type TemplateProgressListener = (progress: TemplateProgress) => void;
