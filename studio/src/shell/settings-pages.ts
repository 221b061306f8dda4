import {
  CheckSquare,
  Database,
  Globe,
  KeyRound,
  KeySquare,
  Share2,
  ShieldCheck,
  Trash2,
  Users,
  Workflow,
} from 'lucide-vue-next';
import type { Component } from 'vue';

/** A page of the studio outside the objects' lists: in the sidebar and in the command palette. */
export interface StudioPage {
  /** Route name. */
  name: string;
  label: string;
  icon: Component;
  /** Words the palette also finds it by. */
  keywords: string;
}

/** "My tasks", above the objects in the sidebar. */
export const MY_TASKS: StudioPage = { name: 'my-tasks', label: 'My tasks', icon: CheckSquare, keywords: 'todo due' };

/** The settings pages, in sidebar order. */
export const SETTINGS_PAGES: readonly StudioPage[] = [
  { name: 'data-model', label: 'Data model', icon: Database, keywords: 'objects fields schema indexes' },
  { name: 'diagram', label: 'Diagram', icon: Share2, keywords: 'relations erd' },
  { name: 'workflows', label: 'Workflows', icon: Workflow, keywords: 'automation triggers runs' },
  { name: 'members', label: 'Members', icon: Users, keywords: 'users team invite' },
  { name: 'api-keys', label: 'API keys', icon: KeySquare, keywords: 'tokens integration' },
  { name: 'roles', label: 'Roles', icon: ShieldCheck, keywords: 'permissions access' },
  { name: 'portal-users', label: 'Portal users', icon: Globe, keywords: 'customers portal' },
  { name: 'secrets', label: 'Secrets', icon: KeyRound, keywords: 'credentials' },
  { name: 'recycle-bin', label: 'Recycle bin', icon: Trash2, keywords: 'deleted restore trash' },
];
