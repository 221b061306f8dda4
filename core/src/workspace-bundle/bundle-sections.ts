import type { BundleSection } from './bundle-section';
import { objectsSection } from './objects/objects-section';
import { rolesSection } from './roles/roles-section';
import {
  dashboardsSection,
  formsSection,
  inboundEmailSection,
  inboundSmsSection,
  pluginsSection,
  portalSection,
  scoringSection,
  segmentsSection,
  settingsSection,
  webhooksSection,
  workflowsSection,
} from './sections';
import { viewsSection } from './views/views-section';

/**
 * Every section of a workspace bundle, in the order plan and apply run them: objects first
 * (everything else names them by key), then what names objects and fields. Sections that
 * name workflows, dashboards and the like are appended after these. (Section methods are
 * declared as methods, so a section of any payload type is a `BundleSection`.)
 */
export const BUNDLE_SECTIONS: readonly BundleSection[] = [
  objectsSection,
  viewsSection,
  rolesSection,
  // Settings and plugins name nothing; segments and forms come before what names them by key.
  settingsSection,
  pluginsSection,
  segmentsSection,
  formsSection,
  webhooksSection,
  dashboardsSection,
  workflowsSection,
  // Portal and inbound-email settings name objects and fields only (issue 15's collaborative template).
  portalSection,
  inboundEmailSection,
  inboundSmsSection,
  // Scoring models take over fields the objects section created.
  scoringSection,
];

/**
 * The target a bundle file stands for, as plans and `drop` name it (`objects/lead.yaml`:
 * `object lead`); null for a file of a section that holds one settings file.
 */
export function fileTarget(path: string): string | null {
  const section = BUNDLE_SECTIONS.find((s) => path.startsWith(`${s.folder}/`));
  const key = path.slice((section?.folder.length ?? 0) + 1).replace(/\.ya?ml$/, '');
  return section?.noun ? `${section.noun} ${key}` : null;
}
