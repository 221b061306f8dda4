import {
  BarChart3,
  ChartPie,
  Headset,
  LayoutTemplate,
  Mail,
  MessagesSquare,
  Phone,
  Target,
  TrendingUp,
  Trophy,
  Users,
  Workflow,
} from 'lucide-vue-next';
import type { Component } from 'vue';

/** How a template's card is drawn: its main icon, three accent icons and the banner's colours. */
export interface TemplateArt {
  icon: Component;
  accents: readonly [Component, Component, Component];
  /** CSS gradient of the banner. */
  background: string;
  /** What kind of CRM it is, in two or three words. */
  kind: string;
}

/** The three CRM kinds of issue 15; a template is drawn as the kind its name says. */
const ARTS: Record<'operational' | 'collaborative' | 'analytical', TemplateArt> = {
  operational: {
    icon: Target,
    accents: [Workflow, Headset, Trophy],
    background: 'linear-gradient(135deg, #4f46e5 0%, #7c3aed 100%)',
    kind: 'Sales & service',
  },
  collaborative: {
    icon: MessagesSquare,
    accents: [Mail, Phone, Users],
    background: 'linear-gradient(135deg, #0891b2 0%, #0d9488 100%)',
    kind: 'Every channel, one timeline',
  },
  analytical: {
    icon: BarChart3,
    accents: [ChartPie, TrendingUp, Users],
    background: 'linear-gradient(135deg, #ea580c 0%, #db2777 100%)',
    kind: 'Customer analytics',
  },
};

const OTHER: TemplateArt = {
  icon: LayoutTemplate,
  accents: [Workflow, Users, ChartPie],
  background: 'linear-gradient(135deg, #475569 0%, #1e293b 100%)',
  kind: 'Template',
};

/** The art of template `name` (e.g. `operational`, or a variant such as `analytical-retail`). */
export function templateArt(name: string): TemplateArt {
  for (const kind of ['operational', 'collaborative', 'analytical'] as const) {
    if (name.includes(kind)) return ARTS[kind];
  }
  return OTHER;
}
