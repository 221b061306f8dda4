import {
  CheckSquare,
  Database,
  FileCode2,
  FileInput,
  Gauge,
  Globe,
  Inbox,
  KeyRound,
  KeySquare,
  LayoutTemplate,
  MonitorSmartphone,
  Puzzle,
  Settings,
  Share2,
  ShieldCheck,
  Trash2,
  Upload,
  Users,
  Webhook,
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
  /** Shown to every member; pages without it are admins' (their APIs refuse other roles). */
  forMembers?: boolean;
}

/** "My tasks", above the objects in the sidebar. */
export const MY_TASKS: StudioPage = {
  name: 'my-tasks',
  label: 'My tasks',
  icon: CheckSquare,
  keywords: 'todo due',
  forMembers: true,
};

/** The agent's inbox of unanswered messages, above the objects in the sidebar. */
export const INBOX: StudioPage = {
  name: 'inbox',
  label: 'Inbox',
  icon: Inbox,
  keywords: 'messages email sms unanswered reply',
};

/** The settings pages, in sidebar order. */
export const SETTINGS_PAGES: readonly StudioPage[] = [
  { name: 'data-model', label: 'Data model', icon: Database, keywords: 'objects fields schema indexes' },
  { name: 'diagram', label: 'Diagram', icon: Share2, keywords: 'relations erd', forMembers: true },
  {
    name: 'workspace-settings',
    label: 'Workspace',
    icon: Settings,
    keywords: 'name logo currency time zone date format',
  },
  { name: 'import', label: 'Import', icon: Upload, keywords: 'csv xlsx upload spreadsheet', forMembers: true },
  { name: 'workflows', label: 'Workflows', icon: Workflow, keywords: 'automation triggers runs' },
  { name: 'members', label: 'Members', icon: Users, keywords: 'users team invite' },
  { name: 'api-keys', label: 'API keys', icon: KeySquare, keywords: 'tokens integration' },
  { name: 'roles', label: 'Roles', icon: ShieldCheck, keywords: 'permissions access' },
  { name: 'portal-users', label: 'Portal users', icon: Globe, keywords: 'customers portal' },
  { name: 'plugins', label: 'Plugins', icon: Puzzle, keywords: 'extensions integrations sms sla' },
  { name: 'secrets', label: 'Secrets', icon: KeyRound, keywords: 'credentials' },
  { name: 'forms', label: 'Forms', icon: FileInput, keywords: 'web to lead public form embed' },
  { name: 'webhooks', label: 'Webhooks', icon: Webhook, keywords: 'integration outbound deliveries' },
  { name: 'recycle-bin', label: 'Recycle bin', icon: Trash2, keywords: 'deleted restore trash', forMembers: true },
  {
    name: 'config-bundle',
    label: 'Configuration as code',
    icon: FileCode2,
    keywords: 'export import bundle yaml plan apply metadata as code',
  },
  {
    name: 'portal-settings',
    label: 'Customer portal',
    icon: MonitorSmartphone,
    keywords: 'portal customers cases self-service',
  },
  { name: 'scoring', label: 'Scoring', icon: Gauge, keywords: 'rfm lifecycle stages scores analytics' },
  {
    name: 'templates',
    label: 'Templates',
    icon: LayoutTemplate,
    keywords: 'crm gallery install operational collaborative analytical new workspace',
  },
];

/** The settings pages the signed-in role may use. */
export function settingsPagesFor(role: string | undefined): readonly StudioPage[] {
  return role === 'admin' ? SETTINGS_PAGES : SETTINGS_PAGES.filter((page) => page.forMembers);
}
